using System.Threading.RateLimiting;

namespace ComputeUtility.Server.RateLimits;

/// <summary>The answer of <see cref="ClientBudgets"/>: granted, or refused with the time until the budget has room.</summary>
internal sealed class BudgetLease(bool acquired, TimeSpan retryAfter) : RateLimitLease
{
    public static readonly BudgetLease Granted = new(true, TimeSpan.Zero);

    public override bool IsAcquired { get; } = acquired;

    public override IEnumerable<string> MetadataNames => IsAcquired ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = !IsAcquired && metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
        return metadata is not null;
    }

    protected override void Dispose(bool disposing)
    {
    }
}
