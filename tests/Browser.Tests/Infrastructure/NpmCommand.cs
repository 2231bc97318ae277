using System.Diagnostics;

namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>Runs npm, or a tool npm installed, in a folder of the repository and gives back its exit code, standard output and standard error.</summary>
internal static class NpmCommand
{
    /// <param name="bound">A hang guard: the command is killed after this long.</param>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string directory, TimeSpan bound, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["npm_config_update_notifier"] = "false";
        start.Environment["npm_config_fund"] = "false";
        start.Environment["npm_config_audit"] = "false";

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{file} is needed for this test and could not be started ({e.Message}); tools/peers/install.sh installs Node.js and npm.", e);
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
                throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {bound}");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
