using System.Diagnostics;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 9: load on a fresh server of its own. W echo workers at once, each sending M messages over
/// its own WebSocket (9a), then W workers over HTTP + SSE (9b); every reply is checked (none lost,
/// none reordered) and every answer's status counted. The server's RSS is read after a warm-up, once
/// the warm-up's workers are forgotten (baseline, <see cref="WarmUp"/>), sampled throughout (peak), and
/// after all workers are deleted until it is back within 10 % of the baseline or 150 s have passed (9c).
/// </summary>
internal sealed class LoadBench(string? serverDll, IReadOnlyList<string> serverArgs, LoadSize size)
{
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PhaseBudget = TimeSpan.FromSeconds(300);
    private const double MemoryTolerance = 1.10;

    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        if (serverDll is null)
        {
            throw new BenchFailure("row 9 needs --server-dll to start its own server");
        }

        string[] args = ["--Discovery:Enabled=false", "--Logging:LogLevel:Default=Warning", "--Limits:MaxWorkers=256", .. serverArgs];
        using var server = await UtilityProcess.StartAsync(serverDll, TimeSpan.FromSeconds(30), args);
        using var client = new UtilityClient(server.Url);
        using var http = LoadHttpClient(server.Url);

        var fresh = ResidentMemory.Bytes(server.Pid);
        await WarmUp.RunAsync(client, http, server.Url);
        var baseline = ResidentMemory.Bytes(server.Pid);
        await TraceAsync(http, server.Url, "baseline", baseline);

        var rows = new List<ResultRow>();
        long final;
        var settledAfter = 0;
        await using (var sampler = new MemorySampler(server.Pid))
        {
            rows.Add(await PhaseRowAsync("9a", $"Load over WebSocket: {size.Workers} workers × {size.WebSocketMessages:N0} messages, pipelined, all at once",
                () => RunPhaseAsync(client, http, webSocket: true, size.Workers, size.WebSocketMessages)));
            rows.Add(await PhaseRowAsync("9b", $"Load over HTTP + SSE: {size.Workers} workers × {size.HttpMessages:N0} messages, one POST at a time each, all at once",
                () => RunPhaseAsync(client, http, webSocket: false, size.Workers, size.HttpMessages)));

            // Every worker is deleted by now (each phase deletes its own). Bounded: 150 samples, 1 s apart.
            final = sampler.Sample();
            for (var second = 1; second <= 150 && final > baseline * MemoryTolerance; second++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                final = sampler.Sample();
                settledAfter = second;
                if (second % 5 == 0)
                {
                    await TraceAsync(http, server.Url, $"settle {second,3} s", final);
                }
            }

            var peak = sampler.Peak;
            rows.Add(new ResultRow("9c", "Load: server RSS (VmRSS) before, during and after rows 9a–9b",
                $"fresh (before any work) {ResidentMemory.Mib(fresh)}, baseline {ResidentMemory.Mib(baseline)} (warm, at rest), peak {ResidentMemory.Mib(peak)}, "
                + $"final {ResidentMemory.Mib(final)} {settledAfter} s after the last worker was deleted "
                + string.Create(CultureInfo.InvariantCulture, $"(final/baseline {(double)final / baseline:0.00}×, peak/baseline {(double)peak / baseline:0.00}×)"),
                "final ≤ baseline + 10 %", ResultRow.Check(final <= baseline * MemoryTolerance)));
        }

        return rows;
    }

    /// <summary>With <c>CU_BENCH_TRACE=1</c>: the server's RSS beside its own view of its managed heap and workers.</summary>
    private static async Task TraceAsync(HttpClient http, Uri server, string when, long rss)
    {
        if (Environment.GetEnvironmentVariable("CU_BENCH_TRACE") != "1")
        {
            return;
        }

        using var state = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(server, "/dashboard/state")));
        var load = state.RootElement.GetProperty("load");
        Console.Error.WriteLine($"{when}: rss {ResidentMemory.Mib(rss)}, managed {load.GetProperty("managedHeapBytes").GetInt64() / 1048576} MiB "
            + $"(committed {load.GetProperty("managedCommittedBytes").GetInt64() / 1048576} MiB), workers listed {state.RootElement.GetProperty("workers").GetArrayLength()}");
    }

    /// <summary>A phase that could not run (say, the server stopped answering) fails its own row; the next phase and the memory row still run.</summary>
    private static async Task<ResultRow> PhaseRowAsync(string number, string measure, Func<Task<PhaseOutcome>> phase)
    {
        try
        {
            return Row(number, measure, await phase());
        }
        catch (Exception ex) when (ex is BenchFailure or HttpRequestException or OperationCanceledException)
        {
            return ResultRow.Failure(number, measure, "none lost or reordered, no 5xx", ex);
        }
    }

    private static ResultRow Row(string number, string measure, PhaseOutcome phase)
    {
        var t = phase.Tally;
        var rate = t.Received / phase.Elapsed.TotalSeconds;
        var text = $"sent {t.Sent:N0}, received {t.Received:N0} of {phase.Expected:N0} in {phase.Elapsed.TotalSeconds:0.0} s ({rate:N0} msg/s); "
            + $"lost {t.Lost}, reordered {t.Reordered}, i≠count {t.Mismatched}, gap events {t.GapEvents}, error events {t.ErrorEvents}; "
            + $"5xx {t.ServerErrors}, other refusals {t.OtherRefusals}"
            + (phase.WebSocket ? "" : $", 429 back-pressure (retried, not lost) {t.BackPressure:N0}")
            + (phase.DeleteFailures > 0 ? $"; {phase.DeleteFailures} workers not deleted" : "")
            + (phase.Stalled ? $"; STALLED: nothing received for {StallLimit.TotalSeconds:0} s" : "")
            + (phase.Expired ? $"; BUDGET of {PhaseBudget.TotalSeconds:0} s exceeded" : "")
            + (t.FirstProblem is { } problem ? "; first problem: " + problem : "");
        var met = t.Clean && t.Received == phase.Expected && !phase.Stalled && !phase.Expired && phase.DeleteFailures == 0;
        return new ResultRow(number, measure, text, "none lost or reordered, no 5xx", ResultRow.Check(met));
    }

    /// <summary>Creates the workers, runs them all at once, deletes them; counts rather than throws for what the row reports.</summary>
    internal static async Task<PhaseOutcome> RunPhaseAsync(UtilityClient client, HttpClient http, bool webSocket, int workers, int messages)
    {
        var created = new List<CreatedWorker>(workers);
        var tally = new LoadTally();
        try
        {
            using (var deadline = new Deadline("row 9 (creating workers)", TimeSpan.FromSeconds(120)))
            {
                for (var i = 0; i < workers; i++)
                {
                    created.Add(await deadline.Within(client.CreateWorkerAsync(DemoPackage.Echo, deadline.Token), $"creating echo worker {i + 1} of {workers}"));
                }
            }

            await using var watchdog = new StallWatchdog(StallLimit, PhaseBudget);
            var started = Stopwatch.GetTimestamp();
            var runs = created.Select(worker => webSocket
                ? Task.Run(() => new WebSocketLoadWorker(worker, messages, tally, watchdog).RunAsync())
                : Task.Run(() => new HttpLoadWorker(http, worker, messages, tally, watchdog).RunAsync()));
            // Each worker ends by itself at M replies, a stall or the budget (the watchdog's token), so this wait is bounded.
            await Task.WhenAll(runs);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var kind = webSocket ? "WebSocket" : "HTTP + SSE";
            await Console.Error.WriteLineAsync(
                $"bench: row 9: {kind}, {workers} × {messages}: {tally.Received:N0} replies in {elapsed.TotalSeconds:0.0} s{(watchdog.Stalled ? " (stalled)" : "")}; deleting the workers …");
            var deleting = Stopwatch.GetTimestamp();
            var deleteFailures = await DeleteAllAsync(client, created);
            await Console.Error.WriteLineAsync($"bench: row 9: deleted in {Stopwatch.GetElapsedTime(deleting).TotalSeconds:0.0} s ({deleteFailures} failed)");
            return new PhaseOutcome(webSocket, tally, (long)workers * messages, elapsed, watchdog.Stalled, watchdog.Expired, deleteFailures);
        }
        catch
        {
            await DeleteAllAsync(client, created);
            throw;
        }
    }

    /// <summary>Deletes the workers concurrently within 30 s; returns how many could not be deleted.</summary>
    private static async Task<int> DeleteAllAsync(UtilityClient client, IReadOnlyList<CreatedWorker> workers)
    {
        using var cleanup = new Deadline("row 9 (deleting workers)", TimeSpan.FromSeconds(30));
        var deletes = workers.Select(async worker =>
        {
            try
            {
                await cleanup.Within(client.DeleteWorkerAsync(worker, cleanup.Token), "deleting worker " + worker.Id);
                return 0;
            }
            catch (Exception ex) when (ex is BenchFailure or HttpRequestException or OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"warning: row 9: could not delete worker {worker.Id}: {ex.Message}");
                return 1;
            }
        });
        return (await Task.WhenAll(deletes)).Sum();
    }

    internal static HttpClient LoadHttpClient(Uri server) =>
        // No proxy, no connection cap: W event streams and W posting workers each hold a connection.
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(30), // per POST; an event stream is read past its headers, which this does not bound
        };
}
