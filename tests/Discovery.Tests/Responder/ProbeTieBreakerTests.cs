namespace ComputeUtility.Discovery.Tests.Responder;

public sealed class ProbeTieBreakerTests
{
    [Fact]
    public void The_lexicographically_later_records_win_and_identical_ones_tie()
    {
        var low = ResponderRecords.Proposed(new ServiceAdvertisement("x", "host-a", 1000, ["txtvers=1"]), [IPAddress.Loopback]);
        var high = ResponderRecords.Proposed(new ServiceAdvertisement("x", "host-a", 2000, ["txtvers=1"]), [IPAddress.Loopback]);

        ProbeTieBreaker.Compare(high, low).Should().BePositive();
        ProbeTieBreaker.Compare(low, high).Should().BeNegative();
        ProbeTieBreaker.Compare(low, low).Should().Be(0);
    }
}
