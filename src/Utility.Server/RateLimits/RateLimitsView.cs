namespace ComputeUtility.Server.RateLimits;

/// <summary>The descriptor's <c>rateLimits</c>: how clients are told apart and each budget enforced.</summary>
internal sealed record RateLimitsView(string Partition, bool LoopbackExempt, IReadOnlyList<RateLimitsView.Budget> Budgets)
{
    /// <summary>Clients are told apart by address (IPv6 by its /64 prefix).</summary>
    public const string ByClientAddress = "client-address";

    /// <summary>The operations of a budget that covers every operation no other budget lists.</summary>
    public const string EveryOtherOperation = "*";

    internal sealed record Budget(string Name, IReadOnlyList<string> Operations, int Burst, int PerSecond);

    public static RateLimitsView Of(RateLimitOptions options) => new(ByClientAddress, options.Enabled && options.ExemptLoopback,
        options.Enabled
            ?
            [
                new Budget(RateBudgets.Work, RateBudgets.WorkOperations, options.Work.Burst, options.Work.PerSecond),
                new Budget(RateBudgets.Requests, [EveryOtherOperation], options.Requests.Burst, options.Requests.PerSecond),
            ]
            : []);
}
