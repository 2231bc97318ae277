namespace ComputeUtility.Server.Tests.Origins;

public sealed class PendingOriginsTests
{
    [Fact]
    public void Repeated_attempts_of_one_origin_are_one_entry_with_a_count()
    {
        var clock = new FakeTimeProvider();
        var pending = new PendingOrigins(clock);

        pending.Record("https://app.example").Should().BeTrue();
        clock.Advance(TimeSpan.FromSeconds(5));
        pending.Record("https://app.example").Should().BeFalse();

        var entry = pending.All.Should().ContainSingle().Subject;
        entry.Attempts.Should().Be(2);
        (entry.LastSeen - entry.FirstSeen).Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_list_keeps_the_newest_origins_so_made_up_ones_cannot_grow_it()
    {
        var clock = new FakeTimeProvider();
        var pending = new PendingOrigins(clock);

        for (var i = 0; i < PendingOrigins.Capacity + 10; i++)
        {
            pending.Record($"https://site{i}.example");
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        pending.All.Should().HaveCount(PendingOrigins.Capacity);
        pending.All[0].Origin.Should().Be($"https://site{PendingOrigins.Capacity + 9}.example");
        pending.All.Should().NotContain(p => p.Origin == "https://site0.example");
    }
}
