namespace ComputeUtility.Discovery.Tests.Responder;

/// <summary>RFC 6762 §8.1: fifteen conflicts within ten seconds slow probing to one attempt per five seconds.</summary>
public sealed class ConflictRateLimitTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ConflictRateLimit _limit;

    public ConflictRateLimitTests() => _limit = new ConflictRateLimit(_time, new ResponderOptions());

    [Fact]
    public void Fourteen_conflicts_within_ten_seconds_leave_probing_at_full_speed()
    {
        Conflicts(14, every: TimeSpan.FromMilliseconds(600));

        _limit.DelayBeforeProbe().Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void The_fifteenth_conflict_within_ten_seconds_makes_the_next_probe_wait_five_seconds()
    {
        Conflicts(15, every: TimeSpan.FromMilliseconds(600));

        _limit.DelayBeforeProbe().Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Fifteen_conflicts_spread_over_more_than_ten_seconds_do_not_trigger_the_limit()
    {
        Conflicts(15, every: TimeSpan.FromSeconds(1));

        _limit.DelayBeforeProbe().Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Once_limited_every_further_attempt_waits_while_conflicts_keep_coming()
    {
        Conflicts(15, every: TimeSpan.FromMilliseconds(100));

        for (var i = 0; i < 6; i++)
        {
            _limit.DelayBeforeProbe().Should().Be(TimeSpan.FromSeconds(5), "attempt {0} follows a conflict within the window", i);
            _time.Advance(TimeSpan.FromSeconds(5));
            _limit.Note();
        }
    }

    [Fact]
    public void Ten_quiet_seconds_lift_the_limit()
    {
        Conflicts(15, every: TimeSpan.FromMilliseconds(100));
        _limit.DelayBeforeProbe().Should().Be(TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(10));

        _limit.DelayBeforeProbe().Should().Be(TimeSpan.Zero);
    }

    private void Conflicts(int count, TimeSpan every)
    {
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                _time.Advance(every);
            }

            _limit.Note();
        }
    }
}
