using System.Globalization;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 14: density. A server of its own that allows 1,024 workers (then <c>SERVER_ARGS</c>, e.g.
/// <c>--Limits:PooledInstances=true</c>); after a warm-up of 20 echo workers created and deleted, its RSS at rest is
/// the baseline; then 1,000 echo workers are created one after another and left idle (no message), each create timed
/// by the client, and the server's RSS is read 2 s after the last: RSS over the warm baseline, and per worker.
/// </summary>
internal sealed class DensityBench(BenchOptions options)
{
    private const double GoalMib = 64;

    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        if (options.ServerDll is null)
        {
            throw new BenchFailure("row 14 needs --server-dll to start its own server");
        }

        var count = options.Quick ? 100 : 1_000;
        string[] args = ["--Discovery:Enabled=false", "--Logging:LogLevel:Default=Warning", "--RateLimits:ExemptLoopback=true",
            "--Limits:MaxWorkers=1024", "--Limits:MaxUpgradedConnections=1024", .. options.ServerArgs];
        using var server = await UtilityProcess.StartAsync(options.ServerDll, TimeSpan.FromSeconds(30), args);
        using var client = new UtilityClient(server.Url);
        using var deadline = new Deadline("row 14", TimeSpan.FromSeconds(90));
        for (var i = 0; i < 20; i++)
        {
            var warm = await deadline.Within(client.CreateWorkerAsync(DemoPackage.Echo, deadline.Token), "warm-up");
            await deadline.Within(client.DeleteWorkerAsync(warm.Worker, deadline.Token), "warm-up");
        }

        await Task.Delay(2_000, deadline.Token);
        var baseline = ResidentMemory.Bytes(server.Pid);
        var workers = new List<CreatedWorker>(count);
        for (var i = 0; i < count; i++)
        {
            workers.Add(await deadline.Within(client.CreateWorkerAsync(DemoPackage.Echo, deadline.Token), $"creating worker {i + 1}"));
        }

        await Task.Delay(2_000, deadline.Token);
        var loaded = ResidentMemory.Bytes(server.Pid);
        var latency = await deadline.Within(client.WorkerStartLatencyAsync(deadline.Token), "reading the descriptor");
        var create = new Percentiles(workers.Select(w => w.ClientMs));
        var overMib = (loaded - baseline) / 1048576.0;
        var pooled = options.ServerArgs.Any(a => a.Equals("--Limits:PooledInstances=true", StringComparison.OrdinalIgnoreCase)) ? "pooled instances" : "default allocator";
        return
        [
            new ResultRow("14a", Invariant($"Density: {count:N0} idle echo workers on one server ({pooled}), RSS over the warm baseline"),
                Invariant($"+{overMib:0.0} MiB ({(loaded - baseline) / 1024.0 / count:0.0} KiB per worker): baseline {ResidentMemory.Mib(baseline)} after 20 created and deleted, {ResidentMemory.Mib(loaded)} with {count:N0} idle (VmRSS, 2 s after the last create)"),
                Invariant($"≤ +{GoalMib:0} MiB for 1,000"), options.Quick ? Verdict.NoTarget : ResultRow.Check(overMib <= GoalMib)),
            new ResultRow("14b", Invariant($"Density: create time while the server fills up to {count:N0} workers ({pooled}), ms"),
                Invariant($"client p50 {create.P50:0.000} ms, p99 {create.P99:0.000} ms, max {create.Max:0.0} ms (n={create.Count})")
                + (latency is null ? "" : Invariant($"; server latency.workerStartMs p50 {latency.P50:0.000} ms, p99 {latency.P99:0.000} ms (rolling window of the last 512, {latency.Samples} starts in all)")),
                "— (reported)", Verdict.NoTarget),
        ];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
