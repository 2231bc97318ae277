using System.Diagnostics;

namespace ComputeUtility.Conformance.Cli;

/// <summary>The ways the CLI stops a target for the shutdown check: ask the operator, or run the operator's command.</summary>
internal static class TargetStop
{
    public static Func<CancellationToken, Task> ByOperator(TextWriter prompt) => _ =>
    {
        prompt.WriteLine("cu-conformance: workers.shutting-down: stop the target now (Ctrl+C in its terminal, systemctl stop, kill -TERM); " +
                         "the suite watches it refuse new work while it stops.");
        return Task.CompletedTask;
    };

    public static Func<CancellationToken, Task> ByCommand(string command) => async cancellationToken =>
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"--shutdown-command: cannot run '{command}'");
        await process.WaitForExitAsync(cancellationToken);
    };
}
