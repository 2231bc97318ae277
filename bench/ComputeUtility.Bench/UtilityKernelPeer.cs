namespace ComputeUtility.Bench;

/// <summary>The spheres command as a task on the utility; the figure is the server's <c>durationMs</c> (instantiate + _start), median after one warm-up.</summary>
internal sealed class UtilityKernelPeer(UtilityClient client, int runs)
{
    public async Task<KernelFigure> RunAsync()
    {
        using var deadline = new Deadline("row 6 (utility kernel)", TimeSpan.FromSeconds(120));
        var server = new List<double>(runs);
        var roundTrip = new List<double>(runs);
        string? line = null;
        for (var i = 0; i <= runs; i++)
        {
            var outcome = await deadline.Within(client.RunTaskAsync(DemoPackage.Spheres, KernelArgs.Run, deadline.Token), $"running spheres task {i + 1}");
            if (outcome.ExitCode != 0)
            {
                throw new BenchFailure($"utility: spheres exited with {outcome.ExitCode}: {outcome.Stderr.Trim()}");
            }

            line = Same(line, SpheresLine.From(outcome.Stdout, "utility"));
            if (i > 0)
            {
                server.Add(outcome.DurationMs);
                roundTrip.Add(outcome.ClientMs);
            }
        }

        var p = new Percentiles(server);
        return new KernelFigure(p.P50, line!,
            $"server durationMs, median of {p.Count} after 1 warm-up (min {server.Min():0.0}, max {p.Max:0.0}; client round trip median {new Percentiles(roundTrip).P50:0.0} ms)");
    }

    private static string Same(string? previous, string line) =>
        previous is null || previous == line ? line : throw new BenchFailure($"utility: two runs printed different results: '{previous}' vs '{line}'");
}
