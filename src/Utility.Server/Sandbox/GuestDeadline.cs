using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// The deadline of the guest call in progress in one store: wall time on the utility's <see cref="TimeProvider"/>
/// from the moment the call starts. Wasmtime asks at every epoch tick (<see cref="EpochTicker"/>) whether the
/// guest may go on; ticks only say when to look, so a late or starved ticker cannot stretch a deadline.
/// </summary>
internal sealed class GuestDeadline(TimeProvider time)
{
    private long _started;
    private TimeSpan _limit;
    private volatile bool _interrupted;

    /// <summary>Starts the clock of a call that may take <paramref name="deadlineMs"/>; call it just before the guest runs.</summary>
    public void Arm(Store store, int deadlineMs)
    {
        _limit = TimeSpan.FromMilliseconds(deadlineMs);
        _started = time.GetTimestamp();
        store.SetEpochDeadline(1);
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
}
