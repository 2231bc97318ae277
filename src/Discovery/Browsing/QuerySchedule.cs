namespace ComputeUtility.Discovery.Browsing;

/// <summary>
/// RFC 6762 §5.2 continuous querying: the first query after 20–120 ms, the second a second later, then
/// each interval twice the one before, up to one hour.
/// </summary>
internal sealed class QuerySchedule
{
    public static readonly TimeSpan FirstInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    private TimeSpan _interval;

    public QuerySchedule(DateTimeOffset start, TimeSpan initialDelay)
    {
        Next = start + initialDelay;
        _interval = FirstInterval;
    }

    public DateTimeOffset Next { get; private set; }

    /// <summary>True (and the next time moved on) when a query is due at <paramref name="now"/>.</summary>
    public bool IsDue(DateTimeOffset now)
    {
        if (now < Next)
        {
            return false;
        }

        Next = now + _interval;
        _interval = _interval * 2 > MaxInterval ? MaxInterval : _interval * 2;
        return true;
    }
}
