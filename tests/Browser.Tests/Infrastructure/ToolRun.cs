using System.Diagnostics;

namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>Runs a tool the tests need (npm, bash, systemd-analyze, …) and gives back its exit code, standard output and standard error.</summary>
internal static class ToolRun
{
    /// <param name="directory">Where it runs; null for this process's folder.</param>
    /// <param name="bound">A hang guard: the tool is killed after this long.</param>
    /// <param name="environment">Variables set for it on top of this process's.</param>
    /// <param name="missing">What the test says when the tool cannot be started at all: where it comes from.</param>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string? directory, TimeSpan bound, string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, string missing)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory is not null)
        {
            start.WorkingDirectory = directory;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{file} is needed for this test and could not be started ({e.Message}); {missing}.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(bound);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {bound}");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
