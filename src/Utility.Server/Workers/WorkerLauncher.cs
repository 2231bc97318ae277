using ComputeUtility.Server.Channels;
using ComputeUtility.Server.Descriptor;
using ComputeUtility.Server.Hosting;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Sandbox;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Workers;

/// <summary>Creates workers: resolve the package, instantiate it in its own store, run <c>_initialize</c>, start delivery.</summary>
internal sealed partial class WorkerLauncher(
    PackageResolver resolver,
    WasmRuntime runtime,
    WorkerRegistry registry,
    LatencyBook latency,
    ShutdownGate shutdown,
    FaultSwitch faults,
    TimeProvider time,
    IOptions<LimitsOptions> limits,
    ILogger<WorkerLauncher> logger)
{
    private long _instantiations;

    /// <summary>How many sandbox instances were created, for tests that prove a bad package never ran.</summary>
    public long Instantiations => Interlocked.Read(ref _instantiations);

    public async Task<(Worker Worker, WorkerToken Token)> CreateAsync(PackageRequest request, CancellationToken cancellationToken)
    {
        shutdown.ThrowIfStopping();
        var started = time.GetTimestamp();
        using var slot = registry.Reserve();
        var package = await resolver.ResolveAsync(request, PackageManifest.ReactorKind, cancellationToken);
        var options = limits.Value;
        var memoryLimit = Math.Min(package.Manifest.Memory?.MaximumBytes ?? options.MaxMemoryBytesPerWorker,
            options.MaxMemoryBytesPerWorker);

        var id = WorkerToken.NewId("w-");
        var token = WorkerToken.Create();
        var events = new EventLog(options.EventBufferEvents, options.EventBufferBytes);
        var worker = new Worker(id, token, package, events, options.MaxQueuedMessages, options.MessageDeadlineMs, time,
            latency.Message.Record) { SwapPairs = faults.Is(Fault.ReorderMessages) };

        var instance = await Task.Run(() =>
        {
            Interlocked.Increment(ref _instantiations);
            var created = new ReactorInstance(runtime, package.Module, package.Manifest.Name, worker, memoryLimit,
                options.MaxMessageBytes);
            try
            {
                created.Initialize(options.MessageDeadlineMs);
                return created;
            }
            catch
            {
                created.Dispose();
                throw;
            }
        }, cancellationToken).ConfigureAwait(false);

        registry.Add(worker, slot);
        worker.Start(instance);
        latency.WorkerStart.Record(time.GetElapsedTime(started));
        LogCreated(logger, id, package.Manifest.Name, package.ManifestUrl);
        return (worker, token);
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Worker {WorkerId} created from {Package} ({Url})")]
    private static partial void LogCreated(ILogger logger, string workerId, string package, Uri url);
}
