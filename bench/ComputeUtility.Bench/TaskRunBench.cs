namespace ComputeUtility.Bench;

/// <summary>
/// Row 5: a trivial command task (hello with one argument), so the figure is the utility's
/// per-task overhead: request, package resolve from cache, store + WASI setup, stdin file, run.
/// </summary>
internal sealed class TaskRunBench(UtilityClient client, int count)
{
    private const int Warmup = 10;

    public async Task<ResultRow> RunAsync()
    {
        const string measure = "Task run time (POST /v1/tasks hello, ms)";
        const string target = "— (reported)";
        using var deadline = new Deadline("row 5 (tasks)", TimeSpan.FromSeconds(120));
        var clientMs = new List<double>(count);
        var serverMs = new List<double>(count);
        for (var i = 0; i < Warmup + count; i++)
        {
            var outcome = await deadline.Within(client.RunTaskAsync(DemoPackage.Hello, ["bench"], deadline.Token), $"running task {i + 1}");
            // hello exits with its argument count and greets the argument: anything else means a wrong run.
            if (outcome.ExitCode != 1 || !outcome.Stdout.StartsWith("Hello, bench!", StringComparison.Ordinal))
            {
                throw new BenchFailure($"row 5: unexpected hello result: exit {outcome.ExitCode}, stdout '{outcome.Stdout}'");
            }

            if (i >= Warmup)
            {
                clientMs.Add(outcome.ClientMs);
                serverMs.Add(outcome.DurationMs);
            }
        }

        var c = new Percentiles(clientMs);
        var s = new Percentiles(serverMs);
        return new ResultRow("5", measure,
            $"client p50 {c.P50:0.000} ms, p99 {c.P99:0.000} ms; server durationMs p50 {s.P50:0.000}, p99 {s.P99:0.000} (n={c.Count})",
            target, Verdict.NoTarget);
    }
}
