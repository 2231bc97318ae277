using ComputeUtility.Discovery.Unicast;

namespace ComputeUtility.Discovery.Tests.Unicast;

/// <summary>RFC 2782's order: priority first, then a draw weighted by the SRV weight.</summary>
public sealed class SrvOrderTests
{
    [Fact]
    [Requirement("CU-DISC-24")]
    public void CU_DISC_24_Within_one_priority_the_heavier_utility_comes_first_as_often_as_its_weight_says()
    {
        var light = Utility("light", priority: 0, weight: 1);
        var heavy = Utility("heavy", priority: 0, weight: 3);
        var random = new Random(19);

        var heavyFirst = Enumerable.Range(0, 4000).Count(_ => SrvOrder.Arrange([light, heavy], random)[0] == heavy) / 4000.0;

        // The draw is uniform over 0..sum inclusive (RFC 2782), so weights 1:3 put the heavy one first 3 times in 5.
        heavyFirst.Should().BeInRange(0.55, 0.65);
    }

    [Fact]
    [Requirement("CU-DISC-24")]
    public void CU_DISC_24_A_weight_of_zero_is_rarely_first_and_a_lower_priority_always_is()
    {
        var zero = Utility("zero", priority: 1, weight: 0);
        var some = Utility("some", priority: 1, weight: 100);
        var backup = Utility("backup", priority: 5, weight: 1000);
        var random = new Random(7);

        var orders = Enumerable.Range(0, 2000).Select(_ => SrvOrder.Arrange([backup, zero, some], random)).ToList();

        orders.Should().OnlyContain(o => o.Count == 3 && o[2] == backup);
        orders.Count(o => o[0] == zero).Should().BeLessThan(100, "weight 0 wins only a draw of exactly 0, about 1 in 101");
    }

    private static DiscoveredUtility Utility(string name, int priority, int weight) =>
        new(name, name + ".test", 80, [IPAddress.Loopback], new Dictionary<string, string?>(), "test") { Priority = priority, Weight = weight };
}
