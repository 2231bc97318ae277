using ComputeUtility.Server.Limits;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Workers;

/// <summary>
/// Bounds what ended workers keep, all together (<see cref="LimitsOptions.MaxRetainedEventBytes"/>). Each ended
/// worker keeps its events for <see cref="WorkerJanitor.Retention"/> so its client can read the last ones; under
/// churn that adds up. Past the budget, the events readers already had go first (oldest-ended worker first), then
/// the oldest ended workers are forgotten early. However small their events, at most
/// <see cref="EndedWorkersPerSlot"/> × <c>MaxWorkers</c> ended workers are kept.
/// </summary>
internal sealed class RetentionBudget(WorkerRegistry registry, IOptions<LimitsOptions> limits)
{
    /// <summary>Ended workers kept per worker slot: each costs its ring, its objects and its registry entry.</summary>
    public const int EndedWorkersPerSlot = 4;

    private int _enforcing;

    /// <summary>Brings retained events within the budget; returns how many ended workers it had to forget.</summary>
    public int Enforce()
    {
        if (Interlocked.Exchange(ref _enforcing, 1) == 1)
        {
            return 0; // another thread is at it
        }

        try
        {
            var cap = limits.Value.MaxRetainedEventBytes;
            var countCap = EndedWorkersPerSlot * limits.Value.MaxWorkers;
            var ended = registry.All.Where(w => w.EndedAt is not null).ToList();
            var total = ended.Sum(w => w.Events.RetainedBytes + w.Events.RingBytes);
            if (total <= cap && ended.Count <= countCap)
            {
                return 0;
            }

            ended.Sort((a, b) => Nullable.Compare(a.EndedAt, b.EndedAt));
            var forgotten = 0;
            foreach (var worker in ended.Take(Math.Max(0, ended.Count - countCap)))
            {
                total -= worker.Events.RetainedBytes + worker.Events.RingBytes;
                if (registry.Remove(worker))
                {
                    forgotten++;
                }
            }

            ended.RemoveRange(0, Math.Max(0, ended.Count - countCap));
            if (total <= cap)
            {
                return forgotten;
            }

            foreach (var worker in ended)
            {
                total -= worker.Events.DropRead();
                if (total <= cap)
                {
                    return forgotten;
                }
            }

            foreach (var worker in ended)
            {
                if (total <= cap)
                {
                    break;
                }

                total -= worker.Events.RetainedBytes + worker.Events.RingBytes;
                if (registry.Remove(worker))
                {
                    forgotten++;
                }
            }

            return forgotten;
        }
        finally
        {
            Volatile.Write(ref _enforcing, 0);
        }
    }
}
