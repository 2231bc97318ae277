using System.Diagnostics;
using System.Globalization;
using ComputeUtility.Client;
using ComputeUtility.TestSupport;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 16: a worker of 1, 16 or 128 MiB that rewrites ~1 % of its pages a message (a message every <see cref="Pace"/>) moves from
/// utility A to utility B, live (spec 13.5: full snapshot pulled while it runs, deltas while they shrink, the last one with the
/// client waiting) and stop-and-copy (13.4), side by side. Downtime: the source's last reply to the destination's first.
/// Total: the move's start to the destination's first reply. The moved worker's memory sum must equal the source's.
/// </summary>
internal sealed class LiveMigrationBench(string? serverDll, string repoRoot, int repeats)
{
    private static readonly int[] Sizes = [1, 16, 128];
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(10);
    private const int MaxRounds = 5;

    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        if (serverDll is null)
        {
            throw new BenchFailure("row 16 needs --server-dll to start its two servers");
        }

        string[] args = ["--Packages:AllowPrivateHosts=true", "--Discovery:Enabled=false", "--Logging:LogLevel:Default=Warning"];
        using var origin = new GuestOrigin(Path.Combine(repoRoot, "bench", "guests", "memfill.wasm"));
        await using var a = await UtilityProcess.StartAsync(serverDll, TimeSpan.FromSeconds(30), args);
        await using var b = await UtilityProcess.StartAsync(serverDll, TimeSpan.FromSeconds(30), args);
        using var source = new UtilityClient(a.Url);
        using var destination = new UtilityClient(b.Url);
        var rows = new List<ResultRow>();
        foreach (var mb in Sizes)
        {
            var live = new List<Move>();
            var stopAndCopy = new List<Move>();
            // One unmeasured move of each kind first: the first large allocations and page faults of each size are a one-time cost.
            // 128 MiB moves take seconds: fewer of them keep the row within about a minute.
            var count = mb == 128 ? Math.Max(1, repeats - 1) : repeats;
            for (var i = -1; i < count; i++)
            {
                var liveMove = await MoveAsync(source, destination, origin, mb, live: true);
                var copyMove = await MoveAsync(source, destination, origin, mb, live: false);
                if (i >= 0)
                {
                    live.Add(liveMove);
                    stopAndCopy.Add(copyMove);
                }
            }

            rows.Add(Row(mb, live, stopAndCopy));
        }

        return rows;
    }

    private static ResultRow Row(int mb, List<Move> live, List<Move> stopAndCopy)
    {
        var downtime = Median(live.Select(m => m.DowntimeMs));
        var total = Median(live.Select(m => m.TotalMs));
        var (target, verdict) = mb switch
        {
            128 => ("live downtime ≤ 20 ms", ResultRow.Check(downtime <= 20)),
            16 => ("live total ≤ 60 ms", ResultRow.Check(total <= 60)),
            _ => ("—", Verdict.NoTarget),
        };
        return new ResultRow($"16.{mb}", $"Live migration vs stop-and-copy, {mb} MiB worker rewriting ~1 % of its pages a message, ms",
            string.Create(CultureInfo.InvariantCulture,
                $"live: downtime {downtime:0.0}, total {total:0.0} ({Median(live.Select(m => (double)m.Rounds)):0} delta rounds, last delta {Median(live.Select(m => (double)m.LastPages)):0} pages); stop-and-copy: downtime {Median(stopAndCopy.Select(m => m.DowntimeMs)):0.0}, total {Median(stopAndCopy.Select(m => m.TotalMs)):0.0}; n={live.Count}; memory sums match"),
            target, verdict);
    }

    private static async Task<Move> MoveAsync(UtilityClient source, UtilityClient destination, GuestOrigin origin, int mb, bool live)
    {
        var worker = await source.CreateWorkerAsync(origin.ManifestUrl, origin.ManifestIntegrity);
        var touch = $$"""{"touch":{{Math.Max(1, mb * 16 / 100)}}}""";
        await using var channel = await AskingChannel.OpenAsync(source, worker);
        await channel.AskAsync($$"""{"fill":{{mb}}}""");
        using var traffic = new Traffic(channel, touch);
        var running = traffic.RunAsync();
        await Task.Delay(Pace * 5);

        var start = Stopwatch.GetTimestamp();
        var rounds = 0;
        PreparedRestore? restore = null;
        Snapshot? previous = null;
        if (live)
        {
            // Pre-copy while the worker keeps answering: the full image, then deltas while the changed set shrinks.
            previous = await source.TakeSnapshotAsync(worker);
            restore = await destination.PrepareRestoreAsync(previous);
            var pages = int.MaxValue;
            while (rounds < MaxRounds)
            {
                var delta = await source.TakeDeltaSnapshotAsync(worker, previous);
                restore = await destination.ApplyDeltaAsync(restore, delta);
                previous = delta;
                rounds++;
                if (delta.Pages >= pages)
                {
                    break;
                }

                pages = delta.Pages;
            }
        }

        // Stop-and-copy starts when the client stops sending; live migration started with the pre-copy.
        var lastReply = await traffic.StopAsync(running);
        if (!live)
        {
            start = lastReply;
        }

        Worker moved;
        Snapshot last;
        if (live)
        {
            last = await source.TakeDeltaSnapshotAsync(worker, previous!);
            moved = await destination.StartRestoreAsync(restore!, last);
        }
        else
        {
            last = await source.TakeSnapshotAsync(worker);
            moved = await destination.RestoreWorkerAsync(last);
        }

        await using var after = await AskingChannel.OpenAsync(destination, moved);
        await after.AskAsync(touch);
        var firstReply = Stopwatch.GetTimestamp();

        // The same touch on the source: both must then hold the same memory.
        await channel.AskAsync(touch);
        var expected = await channel.AskAsync("""{"sum":1}""");
        var actual = await after.AskAsync("""{"sum":1}""");
        if (expected != actual)
        {
            throw new BenchFailure($"the {(live ? "live" : "stop-and-copy")} move of {mb} MiB left sum {actual}, the source has {expected}");
        }

        await source.DeleteWorkerAsync(worker);
        await destination.DeleteWorkerAsync(moved);
        return new Move(Stopwatch.GetElapsedTime(lastReply, firstReply).TotalMilliseconds, Stopwatch.GetElapsedTime(start, firstReply).TotalMilliseconds,
            rounds, last.Pages);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private sealed record Move(double DowntimeMs, double TotalMs, int Rounds, int LastPages);

    /// <summary>The client's steady messages to the source while the move is under way: one a <see cref="Pace"/>, each answered before the next.</summary>
    private sealed class Traffic(AskingChannel channel, string message) : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private long _lastReply = Stopwatch.GetTimestamp();

        public async Task RunAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                await channel.AskAsync(message);
                _lastReply = Stopwatch.GetTimestamp();
                try
                {
                    await Task.Delay(Pace, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        /// <summary>Stops sending and waits for the reply in flight; returns when the source's last reply arrived.</summary>
        public async Task<long> StopAsync(Task running)
        {
            await _stop.CancelAsync();
            await running;
            return _lastReply;
        }

        public void Dispose() => _stop.Dispose();
    }
}
