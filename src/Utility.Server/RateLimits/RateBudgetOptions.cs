namespace ComputeUtility.Server.RateLimits;

/// <summary>One token bucket: <see cref="Burst"/> requests at once, refilled at <see cref="PerSecond"/>.</summary>
public sealed class RateBudgetOptions
{
    public const int Max = 1_000_000;

    /// <summary>Requests a client may make at once after a quiet period (the bucket's size).</summary>
    public int Burst { get; set; }

    /// <summary>Requests a client may make each second once the burst is spent (the refill rate).</summary>
    public int PerSecond { get; set; }
}
