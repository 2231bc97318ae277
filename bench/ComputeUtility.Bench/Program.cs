using ComputeUtility.Bench;

// The harness: measures a running utility (--url) row by row and prints one Markdown table.
// Exit code: 0 all targets met, 1 a target missed, 2 a row failed or bad usage.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (BenchFailure ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

DemoPackage.RepoRoot = options.RepoRoot;
using var client = new UtilityClient(options.Url);
// A clear message when nothing answers, instead of six failed rows; polls (bounded) while the server starts.
using (var probe = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
{
    var healthy = false;
    for (var attempt = 0; attempt < 300 && !healthy && !probe.IsCancellationRequested; attempt++)
    {
        try
        {
            healthy = await client.IsHealthyAsync(probe.Token);
        }
        catch (OperationCanceledException)
        {
            break; // the 30 s are up
        }
        if (!healthy)
        {
            await Task.Delay(100, CancellationToken.None);
        }
    }

    if (!healthy)
    {
        await Console.Error.WriteLineAsync($"bench: the server did not start: nothing answered GET {options.Url}healthz within 30 s (see bench/run.sh and the server log)");
        return 2;
    }
}

var rows = new List<ResultRow>();
async Task Row(int number, string measure, string target, Func<Task<ResultRow>> run)
{
    if (!options.Rows.Contains(number))
    {
        return;
    }

    await Console.Error.WriteLineAsync($"bench: row {number}: {measure} …");
    try
    {
        rows.Add(await run());
    }
    catch (Exception ex) when (ex is BenchFailure or UtilityProcessException or HttpRequestException or WebSocketException or OperationCanceledException)
    {
        var error = ex is OperationCanceledException ? new BenchFailure("timed out (phase budget exceeded)", ex) : ex;
        rows.Add(ResultRow.Failure(number.ToString(System.Globalization.CultureInfo.InvariantCulture), measure, target, error));
    }
}

await Row(1, "WebSocket round trip", "p50 < 150 µs, p99 < 1 ms",
    () => new RoundTripBench(client, options.RoundTripWarmup, options.RoundTripMeasured).RunAsync());
await Row(2, "Messages/s, pipelined", "≥ 50,000/s",
    () => new PipelineBench(client, options.PipelineMessages).RunAsync());
await Row(3, "Worker start, warm", "p50 < 1 ms",
    () => new WarmStartBench(client, options.WorkerStarts).RunAsync());
await Row(5, "Task run time", "—",
    () => new TaskRunBench(client, options.TaskRuns).RunAsync());
if (options.Rows.Contains(6))
{
    await Console.Error.WriteLineAsync("bench: row 6: spheres kernel on utility, native, node …");
    rows.AddRange(await new SpheresBench(options, client).RunAsync());
}

if (options.Rows.Contains(7))
{
    await Console.Error.WriteLineAsync("bench: row 7: snapshot + restore between two utilities …");
    try
    {
        rows.AddRange(await new SnapshotBench(options.ServerDll, options.RepoRoot, options.Quick ? 1 : 5).RunAsync());
    }
    catch (Exception ex) when (ex is BenchFailure or UtilityProcessException or HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
    {
        rows.Add(ResultRow.Failure("7", "Snapshot + restore between two utilities", "16 MiB < 100 ms", ex));
    }
}

if (options.Rows.Contains(16))
{
    await Console.Error.WriteLineAsync("bench: row 16: live migration vs stop-and-copy between two utilities …");
    try
    {
        rows.AddRange(await new LiveMigrationBench(options.ServerDll, options.RepoRoot, options.Quick ? 1 : 3).RunAsync());
    }
    catch (Exception ex) when (ex is BenchFailure or UtilityProcessException or HttpRequestException or OperationCanceledException
                                   or System.Text.Json.JsonException or UtilityProblemException)
    {
        rows.Add(ResultRow.Failure("16", "Live migration vs stop-and-copy", "downtime ≤ 20 ms at 128 MiB, total ≤ 60 ms at 16 MiB", ex));
    }
}

if (options.Rows.Contains(8))
{
    await Console.Error.WriteLineAsync("bench: row 8: estimate error …");
    try
    {
        rows.AddRange(await new EstimateBench(options.Url).RunAsync());
    }
    catch (Exception ex) when (ex is BenchFailure or UtilityProcessException or HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
    {
        rows.Add(ResultRow.Failure("8", "Estimate error", "within 25 %", ex));
    }
}

// Rows with a server of their own (load, soak): a row that cannot run fails alone.
async Task OwnServerRowsAsync(int number, string banner, string measure, string target, Func<Task<IReadOnlyList<ResultRow>>> run)
{
    if (!options.Rows.Contains(number))
    {
        return;
    }

    await Console.Error.WriteLineAsync($"bench: row {number}: {banner} (own server) …");
    try
    {
        rows.AddRange(await run());
    }
    catch (Exception ex) when (ex is BenchFailure or UtilityProcessException or HttpRequestException or OperationCanceledException or WebSocketException)
    {
        rows.Add(ResultRow.Failure(number.ToString(System.Globalization.CultureInfo.InvariantCulture), measure, target, ex));
    }
}

await OwnServerRowsAsync(9, $"load, {options.Load.Workers} workers", "Load: workers × messages over WebSocket and HTTP + SSE", "none lost or reordered, no 5xx",
    () => new LoadBench(options.ServerDll, options.ServerArgs, options.Load).RunAsync());
await OwnServerRowsAsync(10, $"soak, {options.Soak.Duration.TotalMinutes:0} min", "Soak: load cycles, memory and handles over time",
    "none lost, memory and handles back to baseline", () => new SoakBench(options.ServerDll, options.ServerArgs, options.Soak).RunAsync());
await OwnServerRowsAsync(11, "deadlines under load, 16 runaway tasks + 64 runaway workers", "Deadlines under load",
    "p99 ≤ 1 s late, /healthz p99 < 1 s", () => new DeadlineLoadBench(options.ServerDll, options.ServerArgs).RunAsync());

await OwnServerRowsAsync(13, "kernel suite: 4 kernels on the utility (task, worker), native, Node WASI, bare Wasmtime", "Kernel suite",
    "same checksums; task ≤ 1.25× native, ≤ 1.00× node (geomean)", () => new KernelSuiteBench(options).RunAsync());

await OwnServerRowsAsync(14, "density: 1,000 idle echo workers", "Density", "≤ +64 MiB over the warm baseline",
    () => new DensityBench(options).RunAsync());

await OwnServerRowsAsync(15, "deadline overshoot: runaway workers while 2 × cores runaway tasks keep the machine busy", "Deadline overshoot under load",
    "p99 ≤ 100 ms", () => new DeadlineOvershootBench(options).RunAsync());

await OwnServerRowsAsync(12, $"{options.HungUpStreams} hung-up event streams", "Hung-up event streams", "CPU back to idle, worker idles out",
    () => new HungUpStreamBench(options.ServerDll, options.ServerArgs, options.HungUpStreams).RunAsync());

// Cold starts last: they start and stop their own servers, which would disturb the other rows.
await Row(4, "Worker start, cold", "—",
    () => new ColdStartBench(options.ServerDll, options.ServerArgs, options.ColdStarts).RunAsync());

rows.Sort((a, b) => string.CompareOrdinal(a.Number, b.Number));
var heading = $"Compute Utility bench — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
    + $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}{(options.Quick ? " — QUICK (smoke, not a measurement)" : "")}";
Console.WriteLine(ResultTable.Render(rows, heading));
return rows.Any(r => r.Verdict == Verdict.Failed) ? 2 : rows.Any(r => r.Verdict == Verdict.Missed) ? 1 : 0;
