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
using ComputeUtility.Server.Snapshots;
using ComputeUtility.Server.Telemetry;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Workers;

/// <summary>
/// Creates workers: resolve the package, instantiate it in its own store, then either run
/// <c>_initialize</c> (a new worker) or overwrite its state from a snapshot (a restored one), and start delivery.
/// </summary>
internal sealed partial class WorkerLauncher(
    PackageResolver resolver,
    SnapshotSource snapshots,
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
        var (worker, token) = await LaunchAsync(package, slot, instance => instance.Initialize(limits.Value.MessageDeadlineMs), null, 0,
            cancellationToken);
        latency.WorkerStart.Record(time.GetElapsedTime(started));
        LogCreated(logger, worker.Id, package.Manifest.Name, package.ManifestUrl);
        creating.Succeeded();
        return (worker, token);
    }

    /// <summary>
    /// Restores a snapshot pulled from <paramref name="snapshotUrl"/> (spec 13.4): the package named in its header
    /// is checked as if the client had named it, the instance gets the snapshot's memory and globals instead of
    /// <c>_initialize</c>, and its undelivered messages come first.
    /// </summary>
    public async Task<(Worker Worker, WorkerToken Token)> RestoreAsync(Uri snapshotUrl, string snapshotToken, string? requestOrigin,
        string selfAuthority, string client, CancellationToken cancellationToken)
    {
        shutdown.ThrowIfStopping();
        var bytes = await snapshots.FetchAsync(snapshotUrl, snapshotToken, selfAuthority, cancellationToken);
        return await RestoreAsync(bytes, requestOrigin, selfAuthority, client, cancellationToken);
    }

    /// <summary>Restores snapshot bytes the client sent itself (a worker that ran on the client), as from step 3 of spec 13.4.</summary>
    public async Task<(Worker Worker, WorkerToken Token)> RestoreAsync(ReadOnlyMemory<byte> bytes, string? requestOrigin, string selfAuthority,
        string client, CancellationToken cancellationToken)
    {
        shutdown.ThrowIfStopping();
        using var restoring = telemetry.SnapshotRestore(bytes.Length);
        using var slot = registry.Reserve();
        var header = SnapshotFormat.ReadHeader(bytes.Span);
        if (header.Abi != GuestAbi.Version)
        {
            throw new ProblemException(ProblemTypes.AbiMismatch, $"The snapshot is of ABI '{header.Abi}'; this utility runs '{GuestAbi.Version}'.");
        }

        var state = SnapshotFormat.Read(bytes, header, limits.Value);
        if (!Uri.TryCreate(header.Package.Url, UriKind.Absolute, out var manifestUrl) || PackageUrl.HasControlCharacters(manifestUrl)
            || !IntegrityMetadata.TryParse(header.Package.Integrity, out var integrity, out _)
            || !IntegrityMetadata.TryParse(header.Package.ModuleIntegrity, out var moduleIntegrity, out _))
        {
            throw new ProblemException(ProblemTypes.InvalidModule, "The snapshot header does not name its package with a URL and integrity digests.");
        }

        var package = await resolver.ResolveAsync(new PackageRequest(manifestUrl, integrity, requestOrigin, selfAuthority, client),
            PackageManifest.ReactorKind, cancellationToken);
        if (!moduleIntegrity.Strongest.Any(d => d.Equals(package.ModuleDigest)))
        {
            throw new ProblemException(ProblemTypes.IntegrityMismatch,
                "The snapshot was taken of another module than the one its package names now; it cannot be restored onto it.");
        }

        var restored = await LaunchAsync(package, slot, instance => instance.Restore(state.Header.MemoryBytes, state.Bytes, state.Pages, state.Header.Globals), state.Pending,
            header.CoversMessagesThrough, cancellationToken);
        restoring.Succeeded();
        return restored;
    }

    private async Task<(Worker Worker, WorkerToken Token)> LaunchAsync(ResolvedPackage package, IDisposable slot,
        Action<ReactorInstance> prepare, IReadOnlyList<InboundMessage>? pending, long lastDelivered, CancellationToken cancellationToken)
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

        worker.Ended += _ => retention.Enforce();
        registry.Add(worker, slot);
        telemetry.WorkerStarted();
        worker.Ended += ended => telemetry.WorkerEnded(deadline: ended.Failure?.Type == ProblemTypes.DeadlineExceeded.Uri);
        worker.Start(instance, pending, lastDelivered);
        return (worker, token);
    }

    [LoggerMessage(EventId = LogEvents.WorkerCreated, Level = LogLevel.Information, Message = "Worker {WorkerId} created from {Package} ({Url})")]
    private static partial void LogCreated(ILogger logger, string workerId, string package, Uri url);
}
