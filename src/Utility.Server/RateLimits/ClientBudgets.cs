using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;

namespace ComputeUtility.Server.RateLimits;

/// <summary>
/// The per-client token buckets of <see cref="RateLimitOptions"/>, as ASP.NET Core's global limiter. Written here
/// rather than taken from System.Threading.RateLimiting: its partitioned limiter replaces a bucket idle for 10 s
/// with a new full one while the old one still serves, so a client back from a pause got up to twice its burst.
/// Buckets are computed from <see cref="TimeProvider"/> timestamps; full ones are forgotten now and then.
/// </summary>
internal sealed class ClientBudgets(RateLimitOptions options, TimeProvider time) : PartitionedRateLimiter<HttpContext>
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new();
    private long _lastSweep = time.GetTimestamp();

    /// <summary>Buckets held now: one per client and budget used since the last sweep found it full.</summary>
    public int Buckets => _buckets.Count;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        var budget = options.Enabled ? RateBudgets.Classify(resource) : null;
        var address = resource.Connection.RemoteIpAddress;
        if (budget is null || permitCount == 0 || (options.ExemptLoopback && address is not null && IPAddress.IsLoopback(address)))
        {
            return BudgetLease.Granted;
        }

        var settings = budget == RateBudgets.Work ? options.Work : options.Requests;
        var key = $"{budget} {ClientPartition.Of(address)}";
        var now = time.GetTimestamp();
        SweepIfDue(now);
        while (true)
        {
            var bucket = _buckets.GetOrAdd(key, _ => new TokenBucket(settings, now));
            if (bucket.TryTake(now, time, out var retryAfter, out var retired))
            {
                return BudgetLease.Granted;
            }

            if (!retired)
            {
                return new BudgetLease(false, retryAfter);
            }

            // Retired by a sweep since it was looked up: it was full, so a new full bucket is the same budget.
            _buckets.TryRemove(new KeyValuePair<string, TokenBucket>(key, bucket));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    private void SweepIfDue(long now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (time.GetElapsedTime(last, now) < SweepEvery || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.TryRetire(now, time))
            {
                _buckets.TryRemove(new KeyValuePair<string, TokenBucket>(key, bucket));
            }
        }
    }
}
