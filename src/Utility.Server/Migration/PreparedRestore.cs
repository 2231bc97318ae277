using ComputeUtility.Server.Access;
using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Workers;

namespace ComputeUtility.Server.Migration;

/// <summary>
/// A restore under way on the destination of a live migration (spec 13.5): an instance holding a snapshot's image, not yet
/// running, that later deltas patch until the last one starts it. It holds a worker slot from the first pull to the start.
/// </summary>
internal sealed class PreparedRestore(string id, WorkerToken token, PreparedWorker prepared, IDisposable slot, ResolvedPackage package,
    SnapshotHeader header, string digest, DateTimeOffset createdAt) : IDisposable
{
    private int _disposed;

    public string Id { get; } = id;
    public WorkerToken Token { get; } = token;
    public PreparedWorker Prepared { get; } = prepared;
    public IDisposable Slot { get; } = slot;
    public ResolvedPackage Package { get; } = package;
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>One operation at a time: a delta applies onto the image the one before it left.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The header of the last snapshot applied: the position in the message and event sequences, the memory length.</summary>
    public SnapshotHeader Header { get; set; } = header;

    /// <summary>The digest of the last snapshot applied, which the next delta must name as its base.</summary>
    public string Digest { get; set; } = digest;

    /// <summary>The undelivered messages of the last snapshot applied.</summary>
    public IReadOnlyList<InboundMessage> Pending { get; set; } = [];

    public DateTimeOffset LastUsed { get; set; } = createdAt;

    /// <summary>True once started or given up: the instance belongs to the worker, or is gone.</summary>
    public bool Finished { get; private set; }

    /// <summary>Marks the restore started: its instance and slot now belong to the running worker.</summary>
    public void Started() => Finished = true;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && !Finished)
        {
            Finished = true;
            Prepared.Dispose();
            Slot.Dispose();
        }
    }
}
