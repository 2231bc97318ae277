namespace ComputeUtility.Bench;

/// <summary>
/// Row 3: creating an echo worker when its module is already compiled (earlier rows, plus a
/// warm-up here, made sure): POST /v1/workers timed by the client, DELETE after each (not timed),
/// then the server's own <c>latency.workerStartMs</c> from the descriptor.
/// </summary>
internal sealed class WarmStartBench(UtilityClient client, int count)
{
    private const int Warmup = 10;

    public async Task<ResultRow> RunAsync()
    {
        const string measure = "Worker start, warm (POST /v1/workers echo, ms)";
        const string target = "p50 < 1 ms";
        using var deadline = new Deadline("row 3 (warm start)", TimeSpan.FromSeconds(120));
        var samples = new List<double>(count);
        for (var i = 0; i < Warmup + count; i++)
        {
            var worker = await deadline.Within(client.CreateWorkerAsync(DemoPackage.Echo, deadline.Token), $"creating worker {i + 1}");
            await deadline.Within(client.DeleteWorkerAsync(worker, deadline.Token), $"deleting worker {i + 1}");
            if (i >= Warmup)
            {
                samples.Add(worker.ClientMs);
            }
        }

        var p = new Percentiles(samples);
        var server = await deadline.Within(client.WorkerStartLatencyAsync(deadline.Token), "reading the descriptor");
        var serverText = server is null
            ? "server: no latency.workerStartMs"
            : $"server latency.workerStartMs p50 {server.P50:0.000} ms, p99 {server.P99:0.000} ms (rolling window, {server.Samples} starts in all)";
        return new ResultRow("3", measure,
            $"client p50 {p.P50:0.000} ms, p99 {p.P99:0.000} ms (n={p.Count}); {serverText}",
            target, ResultRow.Check(p.P50 < 1.0));
    }
}
