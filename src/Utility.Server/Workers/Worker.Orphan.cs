namespace ComputeUtility.Server.Workers;

/// <summary>The orphan clock (CU-WRK-17): when a worker's client was last seen, once it has had a reader and lost it.</summary>
internal sealed partial class Worker
{
    // Ticks of the last reader closing or message accepted after one; 0 while no reader has ever closed.
    private long _clientLastSeen;

    /// <summary>
    /// When the client was last seen since a channel or event stream of this worker closed; null if none ever closed,
    /// so a client that only posts messages and reads events now and then follows the idle timeout alone.
    /// </summary>
    public DateTimeOffset? ClientLastSeenAt =>
        Interlocked.Read(ref _clientLastSeen) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Restarts the orphan clock: on a reader closing (<paramref name="always"/>), or on a message once the clock runs.</summary>
    private void MarkClientSeen(bool always)
    {
        if (always || Interlocked.Read(ref _clientLastSeen) != 0)
        {
            Interlocked.Exchange(ref _clientLastSeen, _time.GetUtcNow().UtcTicks);
        }
    }
}
