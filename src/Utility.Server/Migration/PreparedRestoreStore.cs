using System.Collections.Concurrent;
using ComputeUtility.Server.Workers;

namespace ComputeUtility.Server.Migration;

/// <summary>
/// The prepared restores of live migrations (spec 13.5), by id. One not used for <see cref="Keep"/> is given up with its
/// instance and slot, so a client that walks away mid-migration holds nothing for long.
/// </summary>
internal sealed class PreparedRestoreStore(TimeProvider time) : IWorkerBoundStore
{
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, PreparedRestore> _restores = new();

    public void Add(PreparedRestore restore) => _restores[restore.Id] = restore;

    public PreparedRestore? Find(string id) => _restores.GetValueOrDefault(id);

    public void Remove(PreparedRestore restore) => _restores.TryRemove(new KeyValuePair<string, PreparedRestore>(restore.Id, restore));

    public void Sweep(Func<string, bool> workerKnown)
    {
        var now = time.GetUtcNow();
        foreach (var restore in _restores.Values)
        {
            if (now - restore.LastUsed > Keep && restore.Gate.Wait(0))
            {
                Remove(restore);
                restore.Dispose();
                restore.Gate.Release();
            }
        }
    }
}
