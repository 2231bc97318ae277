namespace ComputeUtility.Bench;

/// <summary>
/// Node 20's node:wasi running spheres.wasm (bench/peers/node-wasi-run.mjs): one process, runs+1
/// timed <c>_start</c> calls, the first dropped as warm-up. Node's WASI has crashed now and then
/// on modules that grow memory, so a crash is retried and counted, never hidden.
/// </summary>
internal sealed class NodeKernelPeer(string node, string repoRoot, int runs)
{
    private const int Attempts = 3;

    public int Crashes { get; private set; }

    public List<string> CrashNotes { get; } = [];

    public async Task<KernelFigure> RunAsync()
    {
        var script = Path.Combine(repoRoot, "bench", "peers", "node-wasi-run.mjs");
        var module = Path.Combine(repoRoot, "examples", "spheres", "spheres.wasm");
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var outcome = await ExternalProcess.RunAsync(node,
                [script, "--repeat", (runs + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), module, .. KernelArgs.Run],
                repoRoot, TimeSpan.FromSeconds(120));
            var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var problem = outcome.ExitCode != 0 ? $"exit {outcome.ExitCode}"
                : lines.Length != runs + 1 ? $"{lines.Length} of {runs + 1} runs reported"
                : null;
            if (problem is null)
            {
                try
                {
                    return Figure(lines);
                }
                catch (BenchFailure ex)
                {
                    problem = ex.Message;
                }
            }

            Crashes++;
            CrashNotes.Add($"attempt {attempt}: {problem}; stderr: {FirstLine(outcome.Stderr)}");
        }

        throw new BenchFailure($"node: no clean run in {Attempts} attempts ({string.Join(" / ", CrashNotes)})");
    }

    private KernelFigure Figure(string[] lines)
    {
        var times = new List<double>(runs);
        string? line = null;
        for (var i = 0; i < lines.Length; i++)
        {
            using var run = JsonDocument.Parse(lines[i]);
            var root = run.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                throw new BenchFailure($"run {i + 1} trapped: {error}");
            }

            var printed = SpheresLine.From(root.GetProperty("stdout").GetString() ?? "", "node");
            line ??= printed;
            if (printed != line)
            {
                throw new BenchFailure($"two runs printed different results: '{line}' vs '{printed}'");
            }

            if (i > 0)
            {
                times.Add(root.GetProperty("ms").GetDouble());
            }
        }

        var p = new Percentiles(times);
        return new KernelFigure(p.P50, line!, $"in-process _start time, median of the last {p.Count} of {lines.Length} (one process)");
    }

    private static string FirstLine(string text)
    {
        var first = text.Split('\n', 2, StringSplitOptions.TrimEntries)[0];
        return first.Length == 0 ? "(empty)" : first.Length > 200 ? first[..200] + "…" : first;
    }
}
