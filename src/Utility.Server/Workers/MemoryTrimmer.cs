using ComputeUtility.Server.Logging;

namespace ComputeUtility.Server.Workers;

/// <summary>
/// Gives memory back to the system after work. Forgotten workers' event buffers and instances are garbage, buffers
/// the server's pools let go of (Kestrel's blocks, shared arrays) are garbage, but the collector only runs when
/// something allocates, so an idle utility would keep its peak for good. A trim is an aggressive full collection,
/// which returns the freed managed pages, and a trim of the C heap the sandboxes allocate from
/// (<see cref="NativeHeap"/>). The janitor asks after each sweep; a trim runs
/// <list type="bullet">
/// <item>when at least <see cref="WorkerThreshold"/> workers were forgotten since the last one, or any were and none
/// runs any more — at most once per <see cref="MinimumInterval"/>, so a steady churn of workers does not pay for it;</item>
/// <item>while the server settles after work (nothing runs, nothing was forgotten): every <see cref="SettlingInterval"/>,
/// at most <see cref="SettlingTrims"/> times, because pools give their buffers up gradually (Kestrel a twentieth
/// every ten idle seconds) and only a collection turns that into memory the system gets back. New work — a running
/// worker, a forgotten one, or <see cref="WorkAllocationBytes"/> allocated between two sweeps — starts the settling over.</item>
/// </list>
/// </summary>
internal sealed partial class MemoryTrimmer
{
    public const int WorkerThreshold = 16;

    public const int SettlingTrims = 10;

    /// <summary>What counts as work between two sweeps when no worker was seen: say, a burst of tasks.</summary>
    public const long WorkAllocationBytes = 32L * 1024 * 1024;

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan SettlingInterval = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly Action _collect;
    private readonly Func<long> _allocatedBytes;
    private readonly ILogger _logger;
    private int _forgotten;
    private int _settlingTrimsLeft;
    private long _allocatedAtLastSweep;
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    public MemoryTrimmer(TimeProvider time, ILogger<MemoryTrimmer> logger)
        : this(time, Collect, () => GC.GetTotalAllocatedBytes(precise: false), logger)
    {
    }

    /// <summary>For tests: what a trim does instead of collecting, and what counts as allocated so far.</summary>
    internal MemoryTrimmer(TimeProvider time, Action collect, Func<long>? allocatedBytes = null, ILogger? logger = null)
    {
        _time = time;
        _collect = collect;
        _allocatedBytes = allocatedBytes ?? (() => 0);
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _allocatedAtLastSweep = _allocatedBytes();
    }

    /// <summary>After a janitor sweep: counts forgotten workers and trims when it pays; true when it trimmed.</summary>
    public bool AfterSweep(int forgotten, int stillRunning)
    {
        var allocated = _allocatedBytes();
        var worked = stillRunning > 0 || forgotten > 0 || allocated - _allocatedAtLastSweep >= WorkAllocationBytes;
        _allocatedAtLastSweep = allocated;
        if (worked)
        {
            _settlingTrimsLeft = SettlingTrims;
        }

        _forgotten += forgotten;
        var now = _time.GetUtcNow();
        var owedForWorkers = _forgotten > 0 && (_forgotten >= WorkerThreshold || stillRunning == 0);
        if (owedForWorkers && now - _last >= MinimumInterval)
        {
            Trim(now, stillRunning, "workers forgotten");
            return true;
        }

        if (!worked && _settlingTrimsLeft > 0 && _forgotten == 0 && now - _last >= SettlingInterval)
        {
            _settlingTrimsLeft--;
            Trim(now, stillRunning, "settling");
            return true;
        }

        return false;
    }

    private void Trim(DateTimeOffset now, int stillRunning, string why)
    {
        var before = GC.GetTotalMemory(forceFullCollection: false);
        var forgotten = _forgotten;
        _forgotten = 0;
        _last = now;
        _collect();
        LogTrimmed(_logger, why, forgotten, stillRunning, before / 1048576, GC.GetTotalMemory(forceFullCollection: false) / 1048576);
    }

    private static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
    }

    [LoggerMessage(EventId = LogEvents.MemoryGivenBack, Level = LogLevel.Debug,
        Message = "Gave memory back ({Why}; {Forgotten} workers forgotten, {Running} running): managed heap {BeforeMib} MiB -> {AfterMib} MiB")]
    private static partial void LogTrimmed(ILogger logger, string why, int forgotten, int running, long beforeMib, long afterMib);
}
