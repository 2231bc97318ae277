using System.Globalization;

namespace ComputeUtility.Bench;

/// <summary>
/// A kernel's result line, <c>kernel=gemm n=512 checksum=… hash=… ms=61.234</c> (bench/kernels): the part before
/// <c>ms=</c> must be the same bit for bit on every runtime; <c>ms</c> is the kernel's own time inside its process.
/// </summary>
internal sealed record KernelLine(string Result, double Ms)
{
    /// <summary>Every kernel line in <paramref name="stdout"/>, in order.</summary>
    public static List<KernelLine> AllFrom(string stdout, string peer)
    {
        var lines = new List<KernelLine>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("kernel=", StringComparison.Ordinal))
            {
                lines.Add(Parse(line, peer));
            }
        }

        return lines;
    }

    public static KernelLine Parse(string line, string peer)
    {
        var at = line.LastIndexOf(" ms=", StringComparison.Ordinal);
        return at > 0 && double.TryParse(line.AsSpan(at + 4), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            ? new KernelLine(line[..at], ms)
            : throw new BenchFailure($"{peer}: not a kernel line: '{line}'");
    }

    /// <summary>The warm run of a process that ran the kernel twice: the second line (the first warmed the code).</summary>
    public static KernelLine Warm(string stdout, string peer)
    {
        var lines = AllFrom(stdout, peer);
        return lines.Count == KernelSuite.RunsPerProcess
            ? lines[^1] with { Result = Same(lines[0].Result, lines[^1].Result, peer) }
            : throw new BenchFailure($"{peer}: {lines.Count} kernel lines instead of {KernelSuite.RunsPerProcess}: '{stdout.Trim()}'");
    }

    private static string Same(string first, string second, string peer) =>
        first == second ? second : throw new BenchFailure($"{peer}: two runs printed different results: '{first}' vs '{second}'");
}
