namespace ComputeUtility.Bench;

/// <summary>
/// The same C built natively (bench/peers/build-native.sh). It has no in-process timer, so the
/// figure is the whole process, start to exit, and includes process start; a STEPS=0 run
/// (start + setup, no physics) is timed too so the reader can see how much that is.
/// </summary>
internal sealed class NativeKernelPeer(string binary, string workingDirectory, int runs)
{
    public async Task<KernelFigure> RunAsync()
    {
        if (!File.Exists(binary))
        {
            throw new BenchFailure($"native: {binary} not found (run bench/peers/build-native.sh)");
        }

        var limit = TimeSpan.FromSeconds(60);
        var times = new List<double>(runs);
        string? line = null;
        for (var i = 0; i <= runs; i++)
        {
            var outcome = await ExternalProcess.RunAsync(binary, KernelArgs.Run, workingDirectory, limit);
            if (outcome.ExitCode != 0)
            {
                throw new BenchFailure($"native: exited with {outcome.ExitCode}: {outcome.Stderr.Trim()}");
            }

            var printed = SpheresLine.From(outcome.Stdout, "native");
            line ??= printed;
            if (printed != line)
            {
                throw new BenchFailure($"native: two runs printed different results: '{line}' vs '{printed}'");
            }

            if (i > 0)
            {
                times.Add(outcome.ElapsedMs);
            }
        }

        var setup = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            setup.Add((await ExternalProcess.RunAsync(binary, [KernelArgs.Spheres, "0"], workingDirectory, limit)).ElapsedMs);
        }

        var p = new Percentiles(times);
        return new KernelFigure(p.P50, line!,
            $"whole process incl. process start (Stopwatch around spawn → exit), median of {p.Count} after 1 warm-up; "
            + $"start + setup alone (STEPS=0) median {new Percentiles(setup).P50:0.0} ms");
    }
}
