namespace ComputeUtility.Discovery.Tests.Browsing;

public sealed class QueryScheduleTests
{
    [Fact]
    public void Queries_follow_the_rfc_back_off_doubling_from_one_second_up_to_an_hour()
    {
        var time = new FakeTimeProvider();
        var schedule = new QuerySchedule(time.GetUtcNow(), TimeSpan.FromMilliseconds(50));
        var sent = new List<TimeSpan>();
        var start = time.GetUtcNow();

        for (var step = 0; step < 5 * 3600 * 10; step++)
        {
            if (schedule.IsDue(time.GetUtcNow()))
            {
                sent.Add(time.GetUtcNow() - start);
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var gaps = sent.Zip(sent.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        sent[0].Should().Be(TimeSpan.FromMilliseconds(100));
        gaps.Take(6).Should().Equal(1, 2, 4, 8, 16, 32);
        gaps.Max().Should().Be(3600);
        gaps.Should().BeInAscendingOrder();
    }
}
