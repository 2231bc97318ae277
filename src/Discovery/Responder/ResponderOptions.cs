namespace ComputeUtility.Discovery.Responder;

/// <summary>The RFC 6762 §8 timings; tests shorten nothing, they fake the clock instead.</summary>
internal sealed record ResponderOptions
{
    public int ProbeCount { get; init; } = 3;
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(250);
    public int AnnounceCount { get; init; } = 2;
    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan TieBreakBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RFC 6762 §6.2: a record is multicast at most once a second per interface (probe defence excepted).</summary>
    public TimeSpan MulticastRateLimit { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RFC 6762 §8.1: after <see cref="ConflictLimit"/> conflicts within <see cref="ConflictWindow"/>, wait <see cref="ConflictBackoff"/> before each probe attempt.</summary>
    public int ConflictLimit { get; init; } = 15;
    public TimeSpan ConflictWindow { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan ConflictBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the addresses of the interfaces are read again, to announce new ones and say goodbye for removed ones.</summary>
    public TimeSpan InterfaceRescan { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>RFC 6762 §7.2: after a query with TC set, wait 400–500 ms for the rest of the known answers.</summary>
    public TimeSpan TruncatedQueryWaitMin { get; init; } = TimeSpan.FromMilliseconds(400);
    public TimeSpan TruncatedQueryWaitMax { get; init; } = TimeSpan.FromMilliseconds(500);
}
