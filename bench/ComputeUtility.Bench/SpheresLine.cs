namespace ComputeUtility.Bench;

/// <summary>
/// The spheres kernel's result line, <c>n=1000 steps=300 checksum=… hash=…</c>: every build of the
/// same C source must print it bit for bit, so it proves the three peers computed the same thing.
/// </summary>
internal static class SpheresLine
{
    public static string From(string stdout, string peer)
    {
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => l.StartsWith("n=", StringComparison.Ordinal) && l.Contains(" checksum=", StringComparison.Ordinal));
        return line ?? throw new BenchFailure($"{peer}: no 'n=… checksum=…' line in its output: '{stdout.Trim()}'");
    }
}
