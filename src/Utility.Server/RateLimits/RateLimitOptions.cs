namespace ComputeUtility.Server.RateLimits;

/// <summary>
/// Per-client request budgets (token buckets): one for requests that start work, one for every other
/// request of the API. Every budget is published in the descriptor's <c>rateLimits</c>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Off means no budget is enforced (and the descriptor lists none).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Leave clients on loopback unlimited; by default they count like any other client.</summary>
    public bool ExemptLoopback { get; set; }

    /// <summary>Creating and restoring workers, running tasks, taking and pulling snapshots.</summary>
    public RateBudgetOptions Work { get; set; } = new() { Burst = 100, PerSecond = 20 };

    /// <summary>Every other request under <c>/v1</c> and the descriptor: messages, events, channels, reads, estimates.</summary>
    public RateBudgetOptions Requests { get; set; } = new() { Burst = 2000, PerSecond = 1000 };
}
