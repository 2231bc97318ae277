using System.Threading.RateLimiting;

namespace ComputeUtility.Server.Tests.RateLimits;

/// <summary>The token buckets on a fake clock: a requests budget of 5 at once and 2 a second.</summary>
public sealed class ClientBudgetsTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RateLimitOptions _options = new() { Requests = new() { Burst = 5, PerSecond = 2 } };

    [Fact]
    [Requirement("CU-RATE-3", "CU-RATE-2")]
    public void CU_RATE_3_a_full_burst_is_served_the_next_request_is_refused_and_the_refill_serves_again()
    {
        using var budgets = new ClientBudgets(_options, _time);

        var burst = Take(budgets, "192.0.2.1", 5);
        using var refused = budgets.AttemptAcquire(Request("192.0.2.1"));
        refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var refilled = Take(budgets, "192.0.2.1", 2);

        burst.Should().Be(5);
        refused.IsAcquired.Should().BeFalse();
        retryAfter.Should().Be(TimeSpan.FromMilliseconds(500), "one token comes back every half second");
        refilled.Should().Be(1, "half a second at 2 a second is one request");
    }

    [Fact]
    [Requirement("CU-RATE-2")]
    public void CU_RATE_2_a_client_back_from_a_long_pause_gets_its_burst_once_not_twice()
    {
        using var budgets = new ClientBudgets(_options, _time);
        Take(budgets, "192.0.2.1", 5);

        _time.Advance(TimeSpan.FromMinutes(1)); // past the sweep: the full bucket is forgotten meanwhile
        var afterPause = Take(budgets, "192.0.2.1", 20);

        afterPause.Should().Be(5);
    }

    [Fact]
    [Requirement("CU-RATE-5")]
    public void CU_RATE_5_clients_have_their_own_buckets_and_the_buckets_of_quiet_clients_are_forgotten()
    {
        using var budgets = new ClientBudgets(_options, _time);
        var first = Take(budgets, "192.0.2.1", 10);
        var second = Take(budgets, "192.0.2.2", 10);
        for (var i = 0; i < 100; i++)
        {
            Take(budgets, $"198.51.100.{i}", 1);
        }

        var held = budgets.Buckets;
        _time.Advance(TimeSpan.FromMinutes(1));
        Take(budgets, "203.0.113.9", 1);

        first.Should().Be(5);
        second.Should().Be(5, "another address is another client");
        held.Should().Be(102);
        budgets.Buckets.Should().Be(1, "every bucket but the newest was full again and is forgotten");
    }

    [Fact]
    [Requirement("CU-RATE-1")]
    public void CU_RATE_1_loopback_exempt_or_limits_off_nothing_is_refused()
    {
        using var exempt = new ClientBudgets(new RateLimitOptions { ExemptLoopback = true, Requests = _options.Requests }, _time);
        using var off = new ClientBudgets(new RateLimitOptions { Enabled = false, Requests = _options.Requests }, _time);

        Take(exempt, "127.0.0.1", 50).Should().Be(50);
        Take(exempt, "192.0.2.1", 50).Should().Be(5, "only loopback is exempt");
        Take(off, "192.0.2.1", 50).Should().Be(50);
    }

    private static int Take(ClientBudgets budgets, string address, int count) =>
        Enumerable.Range(0, count).Count(_ =>
        {
            using var lease = budgets.AttemptAcquire(Request(address));
            return lease.IsAcquired;
        });

    private static DefaultHttpContext Request(string address)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/v1/workers/w-any/messages";
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }
}
