using System.Globalization;
using System.Text.Json;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 13's peers that are processes of their own: the native build, Node 20's WASI and the bare Wasmtime host
/// (bench/peers/WasmtimeHost, with and without epoch interruption). Each run is one process that runs the kernel
/// twice; the figure is the second run's own time inside the process (<see cref="KernelLine.Warm"/>).
/// </summary>
internal sealed class KernelProcessPeers(BenchOptions options)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly string Runs = KernelSuite.RunsPerProcess.ToString(CultureInfo.InvariantCulture);

    private string CommandModule => Path.Combine(options.RepoRoot, "bench", "kernels", "kernels.wasm");

    public async Task<KernelLine> NativeAsync(string kernel)
    {
        var outcome = await Checked(KernelSuite.Native, options.KernelsNativeBinary, [kernel, Runs]);
        return KernelLine.Warm(outcome.Stdout, KernelSuite.Native);
    }

    public async Task<KernelLine> NodeAsync(string kernel)
    {
        var script = Path.Combine(options.RepoRoot, "bench", "peers", "node-wasi-run.mjs");
        var outcome = await Checked(KernelSuite.Node, options.Node, [script, CommandModule, kernel, Runs]);
        using var run = JsonDocument.Parse(outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]);
        if (run.RootElement.TryGetProperty("error", out var error))
        {
            throw new BenchFailure($"node: the {kernel} run trapped: {error}");
        }

        return KernelLine.Warm(run.RootElement.GetProperty("stdout").GetString() ?? "", KernelSuite.Node);
    }

    public async Task<KernelLine> BareAsync(string kernel, bool epoch)
    {
        var peer = epoch ? KernelSuite.BareEpoch : KernelSuite.BareNoEpoch;
        var outcome = await Checked(peer, options.WasmtimeHost, ["--epoch", epoch ? "on" : "off", CommandModule, kernel, Runs]);
        return KernelLine.Warm(outcome.Stdout, peer);
    }

    private async Task<ProcessOutcome> Checked(string peer, string program, IReadOnlyList<string> args)
    {
        if (Path.IsPathRooted(program) && !File.Exists(program))
        {
            throw new BenchFailure($"{peer}: {program} not found (bench/run.sh builds it)");
        }

        var outcome = await ExternalProcess.RunAsync(program, args, options.RepoRoot, Limit);
        return outcome.ExitCode == 0
            ? outcome
            : throw new BenchFailure($"{peer}: exited with {outcome.ExitCode}: {outcome.Stderr.Trim()}");
    }
}
