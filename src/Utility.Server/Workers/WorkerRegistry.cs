using System.Collections.Concurrent;
using ComputeUtility.Server.Hosting;
using ComputeUtility.Server.Problems;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Workers;

/// <summary>Live workers by id, and the cap on how many run at once.</summary>
internal sealed class WorkerRegistry(IOptions<LimitsOptions> limits)
{
    private readonly ConcurrentDictionary<string, Worker> _workers = new(StringComparer.Ordinal);
    private int _reserved;

    public int RunningCount => _workers.Values.Count(w => w.State == WorkerState.Running);

    public ICollection<Worker> All => _workers.Values;

    /// <summary>Reserves a slot for a worker being created; throws worker-limit-reached when full.</summary>
    public IDisposable Reserve()
    {
        if (Interlocked.Increment(ref _reserved) > limits.Value.MaxWorkers)
        {
            Interlocked.Decrement(ref _reserved);
            throw new ProblemException(ProblemTypes.WorkerLimitReached,
                    $"This utility runs at most {limits.Value.MaxWorkers} workers; try again later or elsewhere.")
                { RetryAfterSeconds = 5 }
                .With("limit", limits.Value.MaxWorkers);
        }

        return new Slot(this);
    }

    public void Add(Worker worker, IDisposable slot)
    {
        _workers[worker.Id] = worker;
        ((Slot)slot).Keep();
    }

    public Worker? Find(string id) => _workers.GetValueOrDefault(id);

    /// <summary>Removes a worker and frees its slot.</summary>
    public bool Remove(Worker worker)
    {
        if (_workers.TryRemove(new KeyValuePair<string, Worker>(worker.Id, worker)))
        {
            Interlocked.Decrement(ref _reserved);
            return true;
        }

        return false;
    }

    private sealed class Slot(WorkerRegistry registry) : IDisposable
    {
        private bool _kept;
        private bool _disposed;

        public void Keep() => _kept = true;

        public void Dispose()
        {
            if (!_kept && !_disposed)
            {
                _disposed = true;
                Interlocked.Decrement(ref registry._reserved);
            }
        }
    }
}
