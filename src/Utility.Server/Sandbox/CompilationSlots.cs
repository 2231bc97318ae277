using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// A fixed number of compilations at once, each on its own thread (Wasmtime compiles on one core with parallel
/// compilation off): however many modules arrive, the other cores stay with running workers.
/// </summary>
internal sealed class CompilationSlots(int slots) : IDisposable
{
    private readonly SemaphoreSlim _free = new(slots);
    private int _running;
    private int _peak;

    /// <summary>The most compilations that ran at the same time.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>Runs <paramref name="compile"/> in a slot; one that cannot start within <paramref name="deadline"/> never starts.</summary>
    public async Task<T> RunAsync<T>(Func<T> compile, TimeSpan deadline)
    {
        if (!await _free.WaitAsync(deadline))
        {
            throw new ProblemException(ProblemTypes.DeadlineExceeded,
                    $"Every compilation slot ({slots}) stayed busy past the deadline; retry later.")
                .With("limit", (int)deadline.TotalMilliseconds);
        }

        var running = Interlocked.Increment(ref _running);
        int seen;
        while (running > (seen = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, running, seen) != seen)
        {
        }

        try
        {
            // A dedicated thread: a compilation that takes seconds must not hold a thread-pool thread.
            return await Task.Factory.StartNew(compile, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _free.Release();
        }
    }

    public void Dispose() => _free.Dispose();
}
