namespace ComputeUtility.Server.RateLimits;

/// <summary>
/// One client's bucket of one budget: up to <c>burst</c> tokens, refilled continuously at <c>perSecond</c>,
/// computed from timestamps when a request comes (no timer). A bucket found full may be retired; a retired
/// bucket takes no more tokens, so its client starts on a new (full) one and never holds two at once.
/// </summary>
internal sealed class TokenBucket(RateBudgetOptions budget, long now)
{
    private readonly Lock _gate = new();
    private double _tokens = budget.Burst;
    private long _updated = now;
    private bool _retired;

    /// <summary>Takes one token; false with the time until one is there, or with <paramref name="retired"/> set.</summary>
    public bool TryTake(long now, TimeProvider time, out TimeSpan retryAfter, out bool retired)
    {
        lock (_gate)
        {
            retired = _retired;
            retryAfter = TimeSpan.Zero;
            if (retired)
            {
                return false;
            }

            Refill(now, time);
            if (_tokens >= 1)
            {
                _tokens--;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / budget.PerSecond);
            return false;
        }
    }

    /// <summary>Retires the bucket if it is full at <paramref name="now"/> (forgetting it then loses nothing).</summary>
    public bool TryRetire(long now, TimeProvider time)
    {
        lock (_gate)
        {
            Refill(now, time);
            _retired = _tokens >= budget.Burst;
            return _retired;
        }
    }

    private void Refill(long now, TimeProvider time)
    {
        _tokens = Math.Min(budget.Burst, _tokens + (time.GetElapsedTime(_updated, now).TotalSeconds * budget.PerSecond));
        _updated = now;
    }
}
