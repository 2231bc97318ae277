using System.Diagnostics;

namespace ComputeUtility.Bench;

/// <summary>Runs a peer program to completion under a time limit; a hung peer is killed (only that process tree) and reported.</summary>
internal static class ExternalProcess
{
    public static async Task<ProcessOutcome> RunAsync(string fileName, IReadOnlyList<string> args, string workingDirectory, TimeSpan limit)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var deadline = new CancellationTokenSource(limit);
        var stopwatch = Stopwatch.StartNew();
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BenchFailure($"could not start {fileName}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new BenchFailure($"could not start {fileName}: {ex.Message}", ex);
        }

        using (process)
        {
            // Read both pipes while waiting, or a chatty peer blocks on a full pipe.
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
                var elapsed = stopwatch.Elapsed.TotalMilliseconds;
                return new ProcessOutcome(process.ExitCode, await stdout, await stderr, elapsed);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new BenchFailure($"{Path.GetFileName(fileName)} did not finish within {limit.TotalSeconds:0} s and was killed");
            }
        }
    }
}
