using System.Diagnostics;
using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Problems;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>Runs a WASI preview1 command once: args and stdin in; stdout, stderr and the exit code out.</summary>
internal sealed class CommandRunner(WasmRuntime runtime, string scratchDirectory)
{
    private sealed class NoOutput : IGuestOutput
    {
        public static readonly NoOutput Instance = new();

        public void OnMessage(ReadOnlySpan<byte> payload, MessageKind kind)
        {
        }

        public void OnLog(string stream, string line)
        {
        }
    }

    public CommandOutcome Run(Module module, IReadOnlyList<string> args, byte[] stdin, long memoryLimit, int deadlineMs,
        int maxOutputBytes)
    {
        var stdout = new CappedBuffer(maxOutputBytes);
        var stderr = new CappedBuffer(maxOutputBytes);
        var context = new GuestContext(NoOutput.Instance, 0, runtime.Time);

        // Wasmtime's WASI takes stdin only from a file: a private temp file, removed after the run.
        string? stdinPath = null;
        if (stdin.Length > 0)
        {
            stdinPath = Path.Combine(scratchDirectory, Guid.NewGuid().ToString("N") + ".stdin");
            File.WriteAllBytes(stdinPath, stdin);
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var store = new Store(runtime.Engine, context);
            GuestLimits.Apply(store, runtime, memoryLimit);
            var wasi = new WasiConfiguration()
                .WithArgs(args)
                .WithStandardOutputCallback(data => stdout.Write(data))
                .WithStandardErrorCallback(data => stderr.Write(data));
            store.SetWasiConfiguration(stdinPath is null ? wasi : wasi.WithStandardInput(stdinPath));
            store.SetEpochDeadlineCallback(context.Deadline.OnTick);
            context.Deadline.Arm(store, deadlineMs);
            Instance instance;
            try
            {
                instance = runtime.Linker.Instantiate(store, module);
            }
            catch (WasmtimeException ex)
            {
                throw GuestLimits.InstantiationFailed(ex, runtime, "command");
            }

            var start = instance.GetAction("_start")
                ?? throw new ProblemException(ProblemTypes.AbiMismatch, "The command does not export _start.");
            var exitCode = 0;
            try
            {
                GuestCall.Run(store, context, deadlineMs, "_start", start);
            }
            catch (GuestFault fault) when (fault.ExitCode is { } code)
            {
                exitCode = code;
            }

            return new CommandOutcome(exitCode, stdout.ToArray(), stdout.Truncated, stderr.ToArray(), stderr.Truncated,
                stopwatch.Elapsed);
        }
        finally
        {
            if (stdinPath is not null)
            {
                File.Delete(stdinPath);
            }
        }
    }
}
