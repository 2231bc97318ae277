using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// The deadline of the guest call in progress in one store: wall time on the utility's <see cref="TimeProvider"/>
/// from the moment the call starts. Wasmtime asks at every epoch tick (<see cref="EpochTicker"/>) whether the
/// guest may go on; ticks only say when to look, so a late or starved ticker cannot stretch a deadline.
/// When <see cref="Expired"/> is set, the ticker also reports a passed deadline itself (<see cref="DeadlineWatch"/>).
/// </summary>
internal sealed class GuestDeadline(TimeProvider time, DeadlineWatch? watch = null)
{
    private long _started;
    private TimeSpan _limit;
    private volatile bool _interrupted;
    private int _reported;

    /// <summary>
    /// Called once per call, on the epoch ticker's thread, as soon as a tick finds the call past its deadline (with the
    /// time it had run); the guest's own thread stops it at its next check. Set it before the first call.
    /// </summary>
    public Action<TimeSpan>? Expired { get; set; }

    /// <summary>Starts the clock of a call that may take <paramref name="deadlineMs"/>; call it just before the guest runs.</summary>
    public void Arm(Store store, int deadlineMs)
    {
        _limit = TimeSpan.FromMilliseconds(deadlineMs);
        _started = time.GetTimestamp();
        Volatile.Write(ref _reported, 0);
        store.SetEpochDeadline(1);
        if (Expired is not null)
        {
            watch?.Add(this);
        }
    }

    /// <summary>The call returned (or failed): nothing more to report for it.</summary>
    public void Disarm()
    {
        if (Expired is not null)
        {
            watch?.Remove(this);
        }
    }

    /// <summary>Stops the call in progress, if any, at the next tick (the worker ended); every later call too.</summary>
    public void Interrupt() => _interrupted = true;

    /// <summary>Time since the call in progress started.</summary>
    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    /// <summary>The store's epoch-deadline callback: one more tick, or an exception that ends the call.</summary>
    public ulong OnTick(Store store)
    {
        if (_interrupted)
        {
            throw new GuestStopped(null);
        }

        var elapsed = Elapsed;
        return elapsed >= _limit ? throw new GuestStopped(elapsed) : 1UL;
    }

    /// <summary>On the ticker's thread: tells <see cref="Expired"/> once when the running call is past its deadline.</summary>
    public void ReportIfExpired()
    {
        var elapsed = Elapsed;
        if (elapsed >= _limit && Expired is { } expired && Interlocked.Exchange(ref _reported, 1) == 0)
        {
            expired(elapsed);
        }
    }
}
