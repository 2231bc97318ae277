using System.Diagnostics;

namespace ComputeUtility.Discovery.Tests.Browsing;

/// <summary>Our browser and our responder on lo, inside the test namespace.</summary>
public sealed class BrowserFindsResponderTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_browser_finds_a_responder_with_its_port_address_and_txt_keys()
    {
        PrivateNetwork.Require();
        var name = TestResponder.UniqueName("find");
        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = ["lo"], IPv6 = false });
        var watch = new BrowserWatch(browser);
        var clock = Stopwatch.StartNew();
        await using var responder = TestResponder.Create(name, 18470, dv: 7);
        await responder.StartAsync(CancellationToken.None);

        var found = await watch.WaitAsync("Found", u => u.InstanceName == name, Patience);

        output.WriteLine($"start to Found: {clock.ElapsedMilliseconds} ms");
        found.Port.Should().Be(18470);
        found.Addresses.Should().Contain(IPAddress.Loopback);
        found.Txt.Keys.Should().ContainInOrder("txtvers", "path", "api", "dv");
        found.DescriptorVersion.Should().Be(7);
        found.ApiVersion.Should().Be("1.0");
        found.DescriptorUri.Should().Be(new Uri("http://127.0.0.1:18470/.well-known/compute-utility"));
        found.Source.Should().Be("lo");
    }

    [Fact]
    public async Task A_browser_started_after_the_announcements_still_finds_the_responder_by_querying()
    {
        PrivateNetwork.Require();
        var name = TestResponder.UniqueName("late");
        await using var responder = TestResponder.Create(name, 18471);
        await responder.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // let both announcements pass before anyone listens

        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = ["lo"], IPv6 = false });
        var watch = new BrowserWatch(browser);

        var found = await watch.WaitAsync("Found", u => u.InstanceName == name, Patience);
        found.Port.Should().Be(18471);
    }

    [Fact]
    public async Task Shutdown_sends_goodbyes_and_the_browser_reports_the_utility_lost()
    {
        PrivateNetwork.Require();
        var name = TestResponder.UniqueName("bye");
        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = ["lo"], IPv6 = false });
        var watch = new BrowserWatch(browser);
        var responder = TestResponder.Create(name, 18472);
        await responder.StartAsync(CancellationToken.None);
        await watch.WaitAsync("Found", u => u.InstanceName == name, Patience);

        var clock = Stopwatch.StartNew();
        await responder.DisposeAsync();
        var lost = await watch.WaitAsync("Lost", u => u.InstanceName == name, TimeSpan.FromSeconds(5));

        output.WriteLine($"shutdown to Lost: {clock.ElapsedMilliseconds} ms");
        lost.Port.Should().Be(18472);
        browser.Current.Should().NotContain(u => u.InstanceName == name);
    }

    [Fact]
    public async Task A_new_descriptor_version_is_announced_and_reported_as_an_update()
    {
        PrivateNetwork.Require();
        var name = TestResponder.UniqueName("dv");
        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = ["lo"], IPv6 = false });
        var watch = new BrowserWatch(browser);
        await using var responder = TestResponder.Create(name, 18473, dv: 1);
        await responder.StartAsync(CancellationToken.None);
        await watch.WaitAsync("Found", u => u.InstanceName == name, Patience);

        responder.UpdateText(ComputeUtility.Discovery.Responder.TxtKeys.Build("/.well-known/compute-utility", "1.0", 2));

        var updated = await watch.WaitAsync("Updated", u => u.InstanceName == name, Patience);
        updated.DescriptorVersion.Should().Be(2);
    }
}
