using System.Collections.Concurrent;
using ComputeUtility.Server.Limits;
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

    /// <summary>Registers a running worker; its slot is freed as soon as it stops running, not when it is forgotten.</summary>
    public void Add(Worker worker, IDisposable slot)
    {
        var kept = (Slot)slot;
        kept.Keep();
        worker.Ended += _ => kept.Release();
        _workers[worker.Id] = worker;
        if (worker.State != WorkerState.Running)
        {
            kept.Release();
        }
    }

    public Worker? Find(string id) => _workers.GetValueOrDefault(id);

    /// <summary>Forgets a worker (its slot was freed when it ended, or is freed when it ends).</summary>
    public bool Remove(Worker worker) => _workers.TryRemove(new KeyValuePair<string, Worker>(worker.Id, worker));

    private sealed class Slot(WorkerRegistry registry) : IDisposable
    {
        private bool _kept;
        private int _released;

        public void Keep() => _kept = true;

        /// <summary>Frees the slot once, however many times it is called.</summary>
        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref registry._reserved);
            }
        }

        public void Dispose()
        {
            if (!_kept)
            {
                Release();
            }
        }
    }
}
