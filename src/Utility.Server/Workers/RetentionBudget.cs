using ComputeUtility.Server.Hosting;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Workers;

/// <summary>
/// Bounds what ended workers keep, all together (<see cref="LimitsOptions.MaxRetainedEventBytes"/>). Each ended
/// worker keeps its events for <see cref="WorkerJanitor.Retention"/> so its client can read the last ones; under
/// churn that adds up. Past the budget, the events readers already had go first (oldest-ended worker first), then
/// the oldest ended workers are forgotten early.
/// </summary>
internal sealed class RetentionBudget(WorkerRegistry registry, IOptions<LimitsOptions> limits)
{
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
            var ended = registry.All.Where(w => w.EndedAt is not null).ToList();
            var total = ended.Sum(w => w.Events.RetainedBytes);
            if (total <= cap)
            {
                return 0;
            }

            ended.Sort((a, b) => Nullable.Compare(a.EndedAt, b.EndedAt));
            foreach (var worker in ended)
            {
                total -= worker.Events.DropRead();
                if (total <= cap)
                {
                    return 0;
                }
            }

            var forgotten = 0;
            foreach (var worker in ended)
            {
                if (total <= cap)
                {
                    break;
                }

                total -= worker.Events.RetainedBytes;
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
