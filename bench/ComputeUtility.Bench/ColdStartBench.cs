namespace ComputeUtility.Bench;

/// <summary>
/// Row 4: the first worker of a freshly started server with an empty cache directory, so the
/// create includes fetching the package from the demo origin and compiling the module (and the
/// first-request JIT of that path, which a real cold start pays too). One fresh server per sample.
/// </summary>
internal sealed class ColdStartBench(string? serverDll, IReadOnlyList<string> serverArgs, int starts)
{
    public async Task<ResultRow> RunAsync()
    {
        const string measure = "Worker start, cold (fresh server, empty cache: fetch + compile), ms";
        const string target = "— (reported)";
        if (serverDll is null)
        {
            throw new BenchFailure("row 4 needs --server-dll to start fresh servers");
        }

        var runs = new List<string>(starts);
        for (var run = 1; run <= starts; run++)
        {
            using var server = await UtilityProcess.StartAsync(serverDll, TimeSpan.FromSeconds(30), serverArgs);
            using var client = new UtilityClient(server.Url);
            using var deadline = new Deadline($"row 4 (cold start {run})", TimeSpan.FromSeconds(60));
            var worker = await deadline.Within(client.CreateWorkerAsync(DemoPackage.Echo, deadline.Token), "creating the first worker");
            var latency = await deadline.Within(client.WorkerStartLatencyAsync(deadline.Token), "reading the descriptor");
            await deadline.Within(client.DeleteWorkerAsync(worker, deadline.Token), "deleting the worker");
            var serverMs = latency is null ? "?" : latency.P50.ToString("0.0", CultureInfo.InvariantCulture);
            runs.Add($"#{run}: client {worker.ClientMs:0.0} (server {serverMs}; process ready in {server.ReadyMs:0} ms)");
        }

        return new ResultRow("4", measure, string.Join("; ", runs), target, Verdict.NoTarget);
    }
}
