using System.Collections.Concurrent;

using ComputeUtility.Server.Workers;

namespace ComputeUtility.Server.Migration;

/// <summary>
/// Snapshots kept for pulling, by worker and snapshot id. Each stays at least five minutes
/// (spec 13.2) and goes with its worker when the worker is forgotten.
/// </summary>
internal sealed class SnapshotStore(TimeProvider time) : IWorkerBoundStore
{
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<(string Worker, string Snapshot), StoredSnapshot> _snapshots = new();

    public void Add(StoredSnapshot snapshot) => _snapshots[(snapshot.WorkerId, snapshot.Id)] = snapshot;

    public StoredSnapshot? Find(string workerId, string snapshotId) => _snapshots.GetValueOrDefault((workerId, snapshotId));

    /// <summary>Drops the snapshots of forgotten workers, and those past their time of workers still held.</summary>
    public void Sweep(Func<string, bool> workerKnown)
    {
        var now = time.GetUtcNow();
        foreach (var (key, snapshot) in _snapshots)
        {
            if (!workerKnown(key.Worker) || now - snapshot.CreatedAt > Keep * 6)
            {
                _snapshots.TryRemove(key, out _);
            }
        }
    }
}
