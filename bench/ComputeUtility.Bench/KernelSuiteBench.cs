using System.Globalization;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 13: the kernel suite (bench/kernels: spheres, blur, gemm, sha256) on six runtimes, interleaved: each round runs
/// every kernel on the utility as a task and as a worker message, natively, in Node 20's WASI and in a bare Wasmtime
/// host with and without epoch interruption, one after another, so drift on a shared machine hits them alike. Every
/// figure is the kernel's own time inside its process (monotonic clock around the kernel, second of two runs); every
/// runtime must print the same result line. The utility runs on a server of its own that fetches the kernels from the
/// bench's loopback origin.
/// </summary>
internal sealed class KernelSuiteBench(BenchOptions options)
{
    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        if (options.ServerDll is null)
        {
            throw new BenchFailure("row 13 needs --server-dll to start its own server");
        }

        var kernelsDir = Path.Combine(options.RepoRoot, "bench", "kernels");
        string[] args = ["--Packages:AllowPrivateHosts=true", "--Discovery:Enabled=false", "--Logging:LogLevel:Default=Warning",
            "--RateLimits:ExemptLoopback=true",
            // Deadlines stay on (their epoch checks are part of what is measured) but long: a loaded box must not stop a kernel midway.
            "--Limits:MessageDeadlineMs=120000", "--Limits:TaskDeadlineMs=240000", .. options.ServerArgs];
        using var origin = new GuestOrigin([
            ("kernels", "command", File.ReadAllBytes(Path.Combine(kernelsDir, "kernels.wasm"))),
            ("kernels-worker", "reactor", File.ReadAllBytes(Path.Combine(kernelsDir, "kernels-worker.wasm"))),
        ]);
        using var server = await UtilityProcess.StartAsync(options.ServerDll, TimeSpan.FromSeconds(30), args);
        using var client = new UtilityClient(server.Url);
        using var deadline = new Deadline("row 13", TimeSpan.FromSeconds(options.Quick ? 120 : 240));
        var workers = new KernelWorkers(client, origin.ManifestUrlOf("kernels-worker"), origin.IntegrityOf("kernels-worker"));
        var processes = new KernelProcessPeers(options);

        var figures = KernelSuite.Kernels.ToDictionary(k => k, _ => KernelSuite.Peers.ToDictionary(p => p, _ => new List<KernelLine>()));
        for (var round = 0; round < options.KernelRounds; round++)
        {
            foreach (var kernel in KernelSuite.Kernels)
            {
                var runs = figures[kernel];
                runs[KernelSuite.Task].Add(await deadline.Within(TaskAsync(client, origin, kernel, deadline.Token), $"the {kernel} task"));
                runs[KernelSuite.Worker].Add(await deadline.Within(workers.RunAsync(kernel, deadline.Token), $"the {kernel} worker"));
                runs[KernelSuite.Native].Add(await processes.NativeAsync(kernel));
                runs[KernelSuite.Node].Add(await processes.NodeAsync(kernel));
                runs[KernelSuite.BareEpoch].Add(await processes.BareAsync(kernel, epoch: true));
                runs[KernelSuite.BareNoEpoch].Add(await processes.BareAsync(kernel, epoch: false));
            }
        }

        return KernelTable.Rows(figures, options.KernelRounds);
    }

    private static async Task<KernelLine> TaskAsync(UtilityClient client, GuestOrigin origin, string kernel, CancellationToken cancellationToken)
    {
        var result = await client.RunTaskAsync(origin.ManifestUrlOf("kernels"), origin.IntegrityOf("kernels"),
            [kernel, KernelSuite.RunsPerProcess.ToString(CultureInfo.InvariantCulture)], cancellationToken: cancellationToken);
        return result.ExitCode == 0
            ? KernelLine.Warm(result.Stdout, KernelSuite.Task)
            : throw new BenchFailure($"{KernelSuite.Task}: {kernel} exited with {result.ExitCode}: {result.Stderr.Trim()}");
    }
}
