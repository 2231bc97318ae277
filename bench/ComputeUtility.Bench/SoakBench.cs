using System.Diagnostics;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 10, the soak: the load of row 9 at a smaller width, over and over for a number of minutes, on a fresh server
/// of its own. Every reply is checked as in row 9; the server's RSS, open handles and threads are read every 2 s,
/// through the load and afterwards while it settles (up to 150 s: ended workers are kept 60 s for their last events).
/// Writes the samples as CSV and plots them (SVG) — the picture shows a leak as a slope.
/// </summary>
internal sealed class SoakBench(string? serverDll, IReadOnlyList<string> serverArgs, SoakSize size)
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SettleAtMost = TimeSpan.FromSeconds(150);
    private const double MemoryTolerance = 1.10;

    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        if (serverDll is null)
        {
            throw new BenchFailure("row 10 needs --server-dll to start its own server");
        }

        string[] args = ["--Discovery:Enabled=false", "--Logging:LogLevel:Default=Warning", "--Limits:MaxWorkers=256", "--RateLimits:ExemptLoopback=true", .. serverArgs];
        using var server = await UtilityProcess.StartAsync(serverDll, TimeSpan.FromSeconds(30), args);
        using var client = new UtilityClient(server.Url);
        using var http = LoadBench.LoadHttpClient(server.Url);

        var fresh = ResidentMemory.Bytes(server.Pid);
        await WarmUp.RunAsync(client, http, server.Url);

        var samples = new List<SoakSample>();
        var clock = Stopwatch.StartNew();
        var loaded = true;
        SoakSample Read() => new(clock.Elapsed.TotalSeconds, ResidentMemory.Bytes(server.Pid), ProcessFigures.OpenHandles(server.Pid),
            ProcessFigures.Threads(server.Pid), Volatile.Read(ref loaded));
        var baseline = Read();
        samples.Add(baseline);
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(SampleEvery);
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                var sample = Read();
                lock (samples)
                {
                    samples.Add(sample);
                }
            }
        });

        long sent = 0, received = 0, expected = 0, lost = 0, reordered = 0, serverErrors = 0, refusals = 0;
        var cycles = 0;
        var clean = true;
        try
        {
            while (clock.Elapsed < size.Duration)
            {
                foreach (var webSocket in new[] { true, false })
                {
                    var phase = await LoadBench.RunPhaseAsync(client, http, webSocket, size.Workers, webSocket ? size.WebSocketMessages : size.HttpMessages);
                    var t = phase.Tally;
                    sent += t.Sent;
                    received += t.Received;
                    expected += phase.Expected;
                    lost += t.Lost;
                    reordered += t.Reordered;
                    serverErrors += t.ServerErrors;
                    refusals += t.OtherRefusals;
                    clean &= t.Clean && t.Received == phase.Expected && !phase.Stalled && !phase.Expired && phase.DeleteFailures == 0;
                }

                cycles++;
                await Console.Error.WriteLineAsync($"bench: row 10: cycle {cycles} done at {clock.Elapsed.TotalMinutes:0.0} min, RSS {ResidentMemory.Mib(ResidentMemory.Bytes(server.Pid))}");
            }

            var loadSeconds = clock.Elapsed.TotalSeconds;
            Volatile.Write(ref loaded, false);
            var settleStart = clock.Elapsed;
            SoakSample last;
            do
            {
                await Task.Delay(SampleEvery);
                last = Read();
            }
            while (clock.Elapsed - settleStart < SettleAtMost && last.RssBytes > baseline.RssBytes * MemoryTolerance);

            await stop.CancelAsync();
            await sampling.ContinueWith(_ => { }, TaskScheduler.Default);
            List<SoakSample> all;
            lock (samples)
            {
                samples.Add(last);
                all = [.. samples];
            }

            await WriteAsync(size, all, baseline, loadSeconds);
            var peak = all.MaxBy(s => s.RssBytes)!;
            var peakHandles = all.Max(s => s.Handles);
            var peakThreads = all.Max(s => s.Threads);
            var settledAfter = last.Seconds - loadSeconds;
            return
            [
                new ResultRow("10a", $"Soak: {size.Duration.TotalMinutes:0} min of load cycles ({size.Workers} workers × {size.WebSocketMessages:N0} over WebSocket, then × {size.HttpMessages:N0} over HTTP + SSE)",
                    $"{cycles} cycles; sent {sent:N0}, received {received:N0} of {expected:N0}; lost {lost}, reordered {reordered}; 5xx {serverErrors}, other refusals {refusals}",
                    "none lost or reordered, no 5xx", ResultRow.Check(clean)),
                new ResultRow("10b", "Soak: server RSS (VmRSS) before, during and after",
                    $"fresh (before any work) {ResidentMemory.Mib(fresh)}, baseline {ResidentMemory.Mib(baseline.RssBytes)} (warm, at rest), peak {ResidentMemory.Mib(peak.RssBytes)} at {peak.Seconds / 60:0.0} min, "
                    + $"final {ResidentMemory.Mib(last.RssBytes)} {settledAfter:0} s after the load "
                    + string.Create(CultureInfo.InvariantCulture, $"(final/baseline {(double)last.RssBytes / baseline.RssBytes:0.00}×)"),
                    "final ≤ baseline + 10 %", ResultRow.Check(last.RssBytes <= baseline.RssBytes * MemoryTolerance)),
                new ResultRow("10c", "Soak: open handles and threads before, during and after",
                    $"handles {baseline.Handles} → peak {peakHandles} → final {last.Handles}; threads {baseline.Threads} → peak {peakThreads} → final {last.Threads}",
                    "handles ≤ baseline + 10 (a leak shows as more)", ResultRow.Check(last.Handles <= baseline.Handles + 10)),
            ];
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private static async Task WriteAsync(SoakSize size, IReadOnlyList<SoakSample> samples, SoakSample baseline, double loadSeconds)
    {
        var csv = new StringBuilder("seconds,rss_bytes,open_handles,threads,loaded\n");
        foreach (var s in samples)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{s.Seconds:0.0},{s.RssBytes},{s.Handles},{s.Threads},{(s.Loaded ? 1 : 0)}\n");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(size.CsvPath))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(size.PlotPath))!);
        await File.WriteAllTextAsync(size.CsvPath, csv.ToString());
        var title = $"Soak, {DateTime.UtcNow:yyyy-MM-dd}: {size.Duration.TotalMinutes:0} min of load cycles ({size.Workers} workers, WebSocket then HTTP + SSE), then settling";
        await File.WriteAllTextAsync(size.PlotPath, SoakPlot.Svg(samples, baseline, loadSeconds, title));
        await Console.Error.WriteLineAsync($"bench: row 10: samples in {size.CsvPath}, plot in {size.PlotPath}");
    }
}
