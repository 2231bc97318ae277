namespace ComputeUtility.Discovery.Tests.Transport;

/// <summary>IPv6 mDNS ([ff02::fb]:5353) across the veth pair of the test namespace (it does not work on lo).</summary>
public sealed class Ipv6Tests
{
    [Fact]
    public async Task A_browser_on_one_end_of_a_link_finds_a_responder_on_the_other_end_over_ipv6()
    {
        PrivateNetwork.RequireVeth();
        var name = TestResponder.UniqueName("six");
        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = [PrivateNetwork.VethB], IPv4 = false, IPv6 = true });
        browser.Sockets.Should().Equal($"{PrivateNetwork.VethB}/{AddressFamily.InterNetworkV6}");
        var watch = new BrowserWatch(browser);
        await using var responder = TestResponder.Create(name, 18510, PrivateNetwork.VethA, ipv6: true);
        responder.Sockets.Select(s => s.Family).Should().BeEquivalentTo([AddressFamily.InterNetwork, AddressFamily.InterNetworkV6]);
        await responder.StartAsync(CancellationToken.None);

        var found = await watch.WaitAsync("Found", u => u.InstanceName == name, TimeSpan.FromSeconds(15));

        found.Port.Should().Be(18510);
        var address = found.Addresses.Should().ContainSingle().Subject;
        address.AddressFamily.Should().Be(AddressFamily.InterNetworkV6);
        address.IsIPv6LinkLocal.Should().BeTrue();
        address.ScopeId.Should().BeGreaterThan(0, "a link-local address is usable only with its interface");
        found.Source.Should().Be(PrivateNetwork.VethB);
    }
}
