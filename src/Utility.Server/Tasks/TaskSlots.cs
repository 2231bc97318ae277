using ComputeUtility.Server.Limits;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Tasks;

/// <summary>Bounds how many tasks run at once; others wait their turn (the queue the descriptor reports).</summary>
internal sealed class TaskSlots(IOptions<LimitsOptions> limits) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(limits.Value.MaxConcurrentTasks, limits.Value.MaxConcurrentTasks);
    private int _running;
    private int _waiting;

    public int Running => Volatile.Read(ref _running);

    public int Waiting => Volatile.Read(ref _waiting);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        Interlocked.Increment(ref _running);
        return new Release(this);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Release(TaskSlots owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref owner._running);
                owner._slots.Release();
            }
        }
    }
}
