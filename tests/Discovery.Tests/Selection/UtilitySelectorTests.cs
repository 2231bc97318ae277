using ComputeUtility.Discovery.Selection;

namespace ComputeUtility.Discovery.Tests.Selection;

public sealed class UtilitySelectorTests
{
    private static DiscoveredUtility Utility(string name, string address) =>
        new(name, name + ".local", 8470, [IPAddress.Parse(address)],
            new Dictionary<string, string?> { ["txtvers"] = "1", ["path"] = "/.well-known/compute-utility", ["api"] = "1.0", ["dv"] = "1" }, "lo");

    [Fact]
    public async Task A_heavy_job_goes_to_the_nearer_utility_and_run_locally_is_ranked_too()
    {
        var descriptor = FakeUtilityHandler.ExampleDescriptor();
        using var handler = new FakeUtilityHandler()
            .Serve("10.0.0.1", TimeSpan.FromMilliseconds(10), descriptor)
            .Serve("10.0.0.2", TimeSpan.FromMilliseconds(150), descriptor);
        using var http = new HttpClient(handler);
        var selector = new UtilitySelector(http, new SelectionOptions { AssumedSpeedup = 4, RoundTripSamples = 1 });

        var ranked = await selector.RankAsync([Utility("far", "10.0.0.2"), Utility("near", "10.0.0.1")], new JobProfile(1_000_000, 1000, TimeSpan.FromSeconds(2)));

        ranked.Select(c => c.Name).Should().Equal("near", "far", "local");
        ranked[0].ComputeBasis.Should().Be("estimated");
        ranked[0].Transfer.Should().BeCloseTo(TimeSpan.FromMilliseconds(80.08), TimeSpan.FromMilliseconds(1));
        ranked[0].Total.Should().Be(ranked[0].RoundTrip + ranked[0].Transfer + ranked[0].Compute);
        ranked[^1].IsLocal.Should().BeTrue();
    }

    [Fact]
    public async Task A_tiny_job_stays_local()
    {
        using var handler = new FakeUtilityHandler().Serve("10.0.0.1", TimeSpan.FromMilliseconds(30), FakeUtilityHandler.ExampleDescriptor());
        using var http = new HttpClient(handler);

        var ranked = await new UtilitySelector(http).RankAsync([Utility("near", "10.0.0.1")], new JobProfile(100, 100, TimeSpan.FromMilliseconds(1)));

        ranked[0].IsLocal.Should().BeTrue();
        ranked.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_utility_with_an_invalid_descriptor_or_none_is_left_out()
    {
        var broken = FakeUtilityHandler.ExampleDescriptor();
        broken.Remove("apiVersion");
        using var handler = new FakeUtilityHandler().Serve("10.0.0.3", TimeSpan.Zero, broken);
        using var http = new HttpClient(handler);

        var ranked = await new UtilitySelector(http).RankAsync([Utility("broken", "10.0.0.3"), Utility("gone", "10.0.0.4")], new JobProfile(0, 0, TimeSpan.FromSeconds(1)));

        ranked.Should().ContainSingle().Which.IsLocal.Should().BeTrue();
    }
}
