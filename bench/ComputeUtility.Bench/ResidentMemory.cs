namespace ComputeUtility.Bench;

/// <summary>A process's resident set size, read from <c>VmRSS</c> in <c>/proc/&lt;pid&gt;/status</c> (Linux only).</summary>
internal static class ResidentMemory
{
    public static long Bytes(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/status");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BenchFailure($"cannot read /proc/{pid}/status (the server exited, or this is not Linux): {ex.Message}", ex);
        }

        foreach (var line in lines)
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                // "VmRSS:     123456 kB"
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new BenchFailure($"/proc/{pid}/status has no VmRSS line");
    }

    public static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
