using System.Security.Cryptography;
using ComputeUtility.Server.Access;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Sandbox;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Migration;

/// <summary>
/// The destination's side of a live migration (spec 13.5): pull a full snapshot into an instance that does not run yet while
/// the source worker goes on, patch it with deltas, and start it with the last one — so only the last delta's pages move
/// while the worker answers nobody.
/// </summary>
internal sealed class LiveRestore(
    SnapshotSource snapshots,
    SnapshotRestore restore,
    WorkerLauncher launcher,
    WorkerRegistry registry,
    PreparedRestoreStore store,
    ShutdownGate shutdown,
    GuestThreads threads,
    IOptions<LimitsOptions> limits,
    TimeProvider time)
{
    /// <summary>Pulls and checks a full snapshot as a restore would (13.4 steps 1–5) and keeps its instance, not started.</summary>
    public async Task<PreparedRestore> PrepareAsync(Uri snapshotUrl, string snapshotToken, string? requestOrigin, string selfAuthority,
        string client, CancellationToken cancellationToken)
    {
        shutdown.ThrowIfStopping();
        var slot = registry.Reserve();
        try
        {
            var bytes = await snapshots.FetchAsync(snapshotUrl, snapshotToken, selfAuthority, cancellationToken);
            var header = SnapshotFormat.ReadHeader(bytes);
            if (header.Base is not null)
            {
                throw new ProblemException(ProblemTypes.InvalidModule, "A restore is prepared from a full snapshot; this one is a delta.");
            }

            var (state, package) = await restore.CheckAsync(bytes, header, requestOrigin, selfAuthority, client, cancellationToken);
            var prepared = await launcher.PrepareRestoredAsync(package,
                instance => instance.Restore(state.Header.MemoryBytes, state.Bytes, state.Pages, state.Header.Globals));
            var prepareRestore = new PreparedRestore(WorkerToken.NewId("r-"), WorkerToken.Create(), prepared, slot, package, header,
                Digest(bytes), time.GetUtcNow()) { Pending = state.Pending };
            store.Add(prepareRestore);
            return prepareRestore;
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Pulls a delta taken against the restore's last snapshot and patches the instance with it; with <paramref name="start"/>
    /// the worker then starts, its held messages first. A delta that fails once applying began gives the restore up.
    /// </summary>
    public async Task<(Worker Worker, WorkerToken Token)?> ApplyAsync(PreparedRestore prepared, Uri snapshotUrl, string snapshotToken,
        string selfAuthority, bool start, CancellationToken cancellationToken)
    {
        shutdown.ThrowIfStopping();
        await prepared.Gate.WaitAsync(cancellationToken);
        try
        {
            if (prepared.Finished)
            {
                throw new ProblemException(ProblemTypes.NotFound, $"There is no restore '{prepared.Id}' on this utility.");
            }

            prepared.LastUsed = time.GetUtcNow();
            var bytes = await snapshots.FetchAsync(snapshotUrl, snapshotToken, selfAuthority, cancellationToken);
            var header = SnapshotFormat.ReadHeader(bytes);
            Check(prepared, header);
            var state = SnapshotFormat.Read(bytes, header, limits.Value);
            try
            {
                await threads.RunAsync(() => prepared.Prepared.Instance.Patch(header.MemoryBytes, state.Bytes, state.Pages, header.Globals));
            }
            catch
            {
                store.Remove(prepared);
                prepared.Dispose();
                throw;
            }

            prepared.Header = header;
            prepared.Digest = Digest(bytes);
            prepared.Pending = state.Pending;
            prepared.LastUsed = time.GetUtcNow();
            if (!start)
            {
                return null;
            }

            store.Remove(prepared);
            prepared.Started();
            return launcher.Start(prepared.Prepared, prepared.Slot, state.Pending, header.CoversMessagesThrough);
        }
        finally
        {
            prepared.Gate.Release();
        }
    }

    /// <summary>Gives a restore up: its instance and slot are freed.</summary>
    public async Task DiscardAsync(PreparedRestore prepared)
    {
        await prepared.Gate.WaitAsync();
        try
        {
            store.Remove(prepared);
            prepared.Dispose();
        }
        finally
        {
            prepared.Gate.Release();
        }
    }

    private static void Check(PreparedRestore prepared, SnapshotHeader header)
    {
        if (header.Base != prepared.Digest)
        {
            throw new ProblemException(ProblemTypes.InvalidModule,
                $"The snapshot is not a delta on the restore's last one: its base is '{header.Base ?? "(none, a full snapshot)"}', the restore holds '{prepared.Digest}'.");
        }

        var held = prepared.Header;
        if (header.Abi != held.Abi || header.Package.Url != held.Package.Url || header.Package.Integrity != held.Package.Integrity
            || header.Package.ModuleIntegrity != held.Package.ModuleIntegrity || header.MemoryBytes < held.MemoryBytes)
        {
            throw new ProblemException(ProblemTypes.InvalidModule,
                "The delta names another package, ABI or a smaller memory than the snapshot it was taken against.");
        }
    }

    private static string Digest(ReadOnlyMemory<byte> bytes) => "sha256-" + Convert.ToBase64String(SHA256.HashData(bytes.Span));
}
