using ComputeUtility.Server.Access;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Sandbox;
using ComputeUtility.Server.Telemetry;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Migration;

/// <summary>
/// Creates workers from snapshots for the create endpoint (spec 13.4): pull or take the bytes, read them against this
/// utility's limits, check the package they name as if the client had named it, and hand the state to the launcher.
/// </summary>
internal sealed class SnapshotRestore(
    SnapshotSource snapshots,
    PackageResolver resolver,
    WorkerLauncher launcher,
    WorkerRegistry registry,
    ShutdownGate shutdown,
    IOptions<LimitsOptions> limits,
    UtilityMetrics telemetry) : IWorkerRestore
{
    public string SnapshotMediaType => SnapshotFormat.MediaType;

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
        if (header.Base is not null)
        {
            throw new ProblemException(ProblemTypes.InvalidModule,
                "The snapshot is a delta: it restores only onto its base, in a prepared restore (POST /v1/restores, spec 13.5).");
        }

        var (state, package) = await CheckAsync(bytes, header, requestOrigin, selfAuthority, client, cancellationToken);
        var restored = await launcher.StartRestoredAsync(package, slot,
            instance => instance.Restore(state.Header.MemoryBytes, state.Bytes, state.Pages, state.Header.Globals), state.Pending,
            header.CoversMessagesThrough, cancellationToken);
        restoring.Succeeded();
        return restored;
    }

    /// <summary>
    /// Steps 3 and 4 of spec 13.4 for a full snapshot's <paramref name="bytes"/>: the format against this utility's limits,
    /// then the package the header names, checked as if the client had named it.
    /// </summary>
    public async Task<(ParsedSnapshot State, ResolvedPackage Package)> CheckAsync(ReadOnlyMemory<byte> bytes, SnapshotHeader header,
        string? requestOrigin, string selfAuthority, string client, CancellationToken cancellationToken)
    {
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

        return (state, package);
    }
}
