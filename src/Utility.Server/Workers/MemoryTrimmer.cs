namespace ComputeUtility.Server.Workers;

/// <summary>
/// Gives memory back to the system once many workers have been forgotten. Their event buffers and instances are
/// garbage then, but the collector only runs when something allocates, so an idle utility would keep its peak
/// for good. An aggressive full collection returns the freed managed pages and a trim of the C heap those of the
/// sandboxes (<see cref="NativeHeap"/>); it runs when at least
/// <see cref="WorkerThreshold"/> workers were forgotten since the last one, or no worker runs any more, and at most
/// once per <see cref="MinimumInterval"/>, so a steady churn of workers does not pay for it.
/// </summary>
internal sealed class MemoryTrimmer(TimeProvider time)
{
    public const int WorkerThreshold = 16;

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(20);

    private readonly Action _collect = () =>
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
    };
    private int _forgotten;
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>For tests: what a trim does instead of collecting.</summary>
    internal MemoryTrimmer(TimeProvider time, Action collect)
        : this(time) => _collect = collect;

    /// <summary>Counts forgotten workers and trims when it pays; true when it trimmed.</summary>
    public bool AfterForgetting(int forgotten, int stillRunning)
    {
        _forgotten += forgotten;
        var now = time.GetUtcNow();
        if (_forgotten == 0 || (_forgotten < WorkerThreshold && stillRunning > 0) || now - _last < MinimumInterval)
        {
            return false;
        }

        _forgotten = 0;
        _last = now;
        _collect();
        return true;
    }
}
