namespace ComputeUtility.Discovery.Tests.Browsing;

/// <summary>The TXT key <c>scheme</c> (CU-DISC-18, CU-DISC-19): https when the SRV port speaks it, http when absent.</summary>
public sealed class DiscoveredUtilitySchemeTests
{
    [Fact]
    public void CU_DISC_18_A_utility_announcing_an_https_port_adds_scheme_https_after_the_four_keys()
    {
        TxtKeys.Build("/.well-known/compute-utility", "1.0", 3, "https")
            .Should().Equal("txtvers=1", "path=/.well-known/compute-utility", "api=1.0", "dv=3", "scheme=https");
        TxtKeys.Build("/.well-known/compute-utility", "1.0", 3)
            .Should().Equal("txtvers=1", "path=/.well-known/compute-utility", "api=1.0", "dv=3");
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:8471/.well-known/compute-utility")]
    [InlineData("http", "http://127.0.0.1:8471/.well-known/compute-utility")]
    [InlineData("https", "https://127.0.0.1:8471/.well-known/compute-utility")]
    [InlineData("HTTPS", "https://127.0.0.1:8471/.well-known/compute-utility")]
    [InlineData("gopher", "http://127.0.0.1:8471/.well-known/compute-utility")]
    public void CU_DISC_19_A_client_reaches_the_utility_with_the_announced_scheme_and_http_without_one(string? scheme, string expected)
    {
        var txt = new Dictionary<string, string?> { ["txtvers"] = "1", ["path"] = "/.well-known/compute-utility", ["api"] = "1.0", ["dv"] = "3" };
        if (scheme is not null)
        {
            txt["scheme"] = scheme;
        }

        var found = new DiscoveredUtility("desk", "desk.local", 8471, [IPAddress.Loopback], TxtParser.Parse(txt.Select(kv => $"{kv.Key}={kv.Value}")), "lo");

        found.DescriptorUri.Should().Be(new Uri(expected));
    }
}
