namespace ComputeUtility.Server.Channels;

/// <summary>
/// When the next heartbeat of one channel connection is due (CU-CHAN-28), on the utility's clock. The timer is armed
/// again only when a heartbeat is taken, so a clock that jumps (a suspended machine, a test) owes one heartbeat, not many.
/// </summary>
internal sealed class HeartbeatSchedule : IDisposable
{
    /// <summary>Intervals without a sign of life after which either side declares the other gone (CU-CHAN-30, CU-CHAN-31).</summary>
    public const int MissesAllowed = 3;

    private readonly TimeSpan _interval;
    private readonly ITimer? _timer;
    private TaskCompletionSource _due = NewSignal();
    private long _sent;

    /// <param name="enabled">False only under the test fault that breaks heartbeats: nothing is ever due.</param>
    public HeartbeatSchedule(TimeProvider time, TimeSpan interval, bool enabled = true)
    {
        _interval = interval;
        if (enabled)
        {
            _timer = time.CreateTimer(static state => ((HeartbeatSchedule)state!).Fire(), this, interval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Completes when a heartbeat is due; the same task until <see cref="Take"/>.</summary>
    public Task Due => Volatile.Read(ref _due).Task;

    public bool IsDue => Due.IsCompleted;

    /// <summary>Takes the due heartbeat and arms the next one an interval from now; returns its number (1, 2, …).</summary>
    public long Take()
    {
        Volatile.Write(ref _due, NewSignal());
        _timer?.Change(_interval, Timeout.InfiniteTimeSpan);
        return ++_sent;
    }

    public void Dispose() => _timer?.Dispose();

    private void Fire() => Volatile.Read(ref _due).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
