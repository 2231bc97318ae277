namespace ComputeUtility.Bench;

/// <summary>Open file descriptors (sockets, files, pipes) and threads of a process, from /proc (Linux only).</summary>
internal static class ProcessFigures
{
    public static int OpenHandles(int pid)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BenchFailure($"cannot read /proc/{pid}/fd: {ex.Message}", ex);
        }
    }

    public static int Threads(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                return int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new BenchFailure($"/proc/{pid}/status has no Threads line");
    }
}
