using ComputeUtility.Server.Access;
using ComputeUtility.Server.Events;
using ComputeUtility.Server.Faults;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Logging;
using ComputeUtility.Server.Measurements;
using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Sandbox;
using ComputeUtility.Server.Telemetry;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Workers;

/// <summary>
/// Creates workers: resolve the package, instantiate it in its own store, then either run
/// <c>_initialize</c> (a new worker) or overwrite its state from a snapshot (a restored one), and start delivery.
/// </summary>
internal sealed partial class WorkerLauncher(
    PackageResolver resolver,
    WasmRuntime runtime,
    WorkerRegistry registry,
    LatencyBook latency,
    Measurements.EstimateBook estimates,
    ShutdownGate shutdown,
    FaultSwitch faults,
    TimeProvider time,
    IOptions<LimitsOptions> limits,
    RetentionBudget retention,
    GuestThreads threads,
    UtilityMetrics telemetry,
    ILogger<WorkerLauncher> logger)
{
    private long _instantiations;

    /// <summary>How many sandbox instances were created, for tests that prove a bad package never ran.</summary>
    public long Instantiations => Interlocked.Read(ref _instantiations);

    public async Task<(Worker Worker, WorkerToken Token)> CreateAsync(PackageRequest request, CancellationToken cancellationToken)
    {
        shutdown.ThrowIfStopping();
        using var creating = telemetry.WorkerCreate();
        var started = time.GetTimestamp();
        using var slot = registry.Reserve();
        var package = await resolver.ResolveAsync(request, PackageManifest.ReactorKind, cancellationToken);
        shutdown.ThrowIfStopping(); // it may have begun while the package was fetched: no worker starts after the workers were ended
        var (worker, token) = await LaunchAsync(package, slot, instance => instance.Initialize(limits.Value.MessageDeadlineMs), null, 0,
            cancellationToken);
        latency.WorkerStart.Record(time.GetElapsedTime(started));
        LogCreated(logger, worker.Id, package.Manifest.Name, package.ManifestUrl);
        creating.Succeeded();
        return (worker, token);
    }

    /// <summary>
    /// Starts a worker restored from a snapshot (spec 13.4) in a <paramref name="slot"/> the caller reserved: the instance of
    /// the checked <paramref name="package"/> gets its state from <paramref name="restore"/> instead of <c>_initialize</c>,
    /// and the <paramref name="pending"/> messages, numbered after <paramref name="lastDelivered"/>, come first.
    /// </summary>
    public Task<(Worker Worker, WorkerToken Token)> StartRestoredAsync(ResolvedPackage package, IDisposable slot,
        Action<ReactorInstance> restore, IReadOnlyList<InboundMessage> pending, long lastDelivered, CancellationToken cancellationToken) =>
        LaunchAsync(package, slot, restore, pending, lastDelivered, cancellationToken);

    private async Task<(Worker Worker, WorkerToken Token)> LaunchAsync(ResolvedPackage package, IDisposable slot,
        Action<ReactorInstance> prepare, IReadOnlyList<InboundMessage>? pending, long lastDelivered, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(package, prepare).ConfigureAwait(false);
        return Start(prepared, slot, pending, lastDelivered);
    }

    /// <summary>
    /// Instantiates a restored worker without starting it (live migration, spec 13.5): the caller holds its slot, patches its
    /// state with later deltas through <see cref="PreparedWorker.Instance"/>, then starts it with <see cref="Start"/> or disposes it.
    /// </summary>
    public Task<PreparedWorker> PrepareRestoredAsync(ResolvedPackage package, Action<ReactorInstance> restore) => PrepareAsync(package, restore);

    /// <summary>Starts a prepared worker in <paramref name="slot"/>: the <paramref name="pending"/> messages, numbered after <paramref name="lastDelivered"/>, come first.</summary>
    public (Worker Worker, WorkerToken Token) Start(PreparedWorker prepared, IDisposable slot, IReadOnlyList<InboundMessage>? pending, long lastDelivered)
    {
        var worker = prepared.Worker;
        worker.MarkActive();
        worker.Ended += _ => retention.Enforce();
        registry.Add(worker, slot);
        telemetry.WorkerStarted();
        worker.Ended += ended => telemetry.WorkerEnded(deadline: ended.Failure?.Type == ProblemTypes.DeadlineExceeded.Uri);
        worker.Start(prepared.Instance, pending, lastDelivered);
        return (worker, prepared.Token);
    }

    private async Task<PreparedWorker> PrepareAsync(ResolvedPackage package, Action<ReactorInstance> prepare)
    {
        var options = limits.Value;
        var memoryLimit = Math.Min(package.Manifest.Memory?.MaximumBytes ?? options.MaxMemoryBytesPerWorker, options.MaxMemoryBytesPerWorker);
        var id = WorkerToken.NewId("w-");
        var token = WorkerToken.Create();
        var events = new EventLog(options.EventBufferEvents, options.EventBufferBytes);
        var packageKey = package.ManifestIntegrity.Primary.CacheKey;
        var worker = new Worker(id, token, package, events, options.MaxQueuedMessages, options.MessageDeadlineMs, time,
            (bytes, elapsed) =>
            {
                latency.Message.Record(elapsed);
                telemetry.MessageIn();
                estimates.Record(package.Partition, packageKey, bytes, elapsed);
            }, threads) { SwapPairs = faults.Is(Fault.ReorderMessages), Telemetry = telemetry };

        var instance = await threads.RunAsync(() =>
        {
            Interlocked.Increment(ref _instantiations);
            var created = new ReactorInstance(runtime, package.Module, package.Manifest.Name, worker, memoryLimit, options.MaxMessageBytes);
            try
            {
                prepare(created);
                return created;
            }
            catch
            {
                created.Dispose();
                throw;
            }
        }).ConfigureAwait(false); // not cancelled midway: an instance made for a client that left is disposed by nobody

        return new PreparedWorker(worker, token, instance);
    }

    [LoggerMessage(EventId = LogEvents.WorkerCreated, Level = LogLevel.Information, Message = "Worker {WorkerId} created from {Package} ({Url})")]
    private static partial void LogCreated(ILogger logger, string workerId, string package, Uri url);
}
