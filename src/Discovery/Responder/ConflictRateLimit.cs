namespace ComputeUtility.Discovery.Responder;

/// <summary>
/// RFC 6762 §8.1: after fifteen conflicts within ten seconds a host waits at least five seconds before each
/// further probe attempt, so that a peer insisting on our name cannot drive a rename loop at full speed.
/// The limit stays on until a whole window passes without a conflict.
/// </summary>
internal sealed class ConflictRateLimit(TimeProvider time, ResponderOptions options)
{
    private readonly Queue<DateTimeOffset> _recent = new();
    private bool _limited;

    /// <summary>Records one conflict (a rename of the instance or host name).</summary>
    public void Note()
    {
        var now = time.GetUtcNow();
        Forget(now);
        _recent.Enqueue(now);
        _limited |= _recent.Count >= options.ConflictLimit;
    }

    /// <summary>How long to wait before the next probe attempt: zero, or the §8.1 back-off while the limit holds.</summary>
    public TimeSpan DelayBeforeProbe()
    {
        Forget(time.GetUtcNow());
        if (_recent.Count == 0)
        {
            _limited = false;
        }

        return _limited ? options.ConflictBackoff : TimeSpan.Zero;
    }

    private void Forget(DateTimeOffset now)
    {
        while (_recent.Count > 0 && now - _recent.Peek() >= options.ConflictWindow)
        {
            _recent.Dequeue();
        }
    }
}
