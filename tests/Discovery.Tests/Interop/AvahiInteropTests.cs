using System.Diagnostics;

namespace ComputeUtility.Discovery.Tests.Interop;

/// <summary>Avahi 0.8, an independent mDNS implementation, and ours understand each other.</summary>
public sealed class AvahiInteropTests
{
    [Fact]
    public async Task Avahi_browse_resolves_our_service_with_its_port_address_and_txt()
    {
        AvahiPeer.Require();
        var name = "avahi-sees-" + Guid.NewGuid().ToString("n")[..6];
        await using var responder = TestResponder.Create(name, 18480, dv: 3);
        await responder.StartAsync(CancellationToken.None);

        string? line = null;
        var clock = Stopwatch.StartNew();
        while (line is null && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            // -t ends after Avahi's cache is dumped ("all for now"); ask again until it has resolved ours.
            var (_, stdout, _) = await ExternalProcess.RunAsync("avahi-browse", ["-rpt", "_compute-utility._tcp"], TimeSpan.FromSeconds(10));
            line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("=;", StringComparison.Ordinal) && l.Contains($";{name};", StringComparison.Ordinal));
        }

        line.Should().NotBeNull("avahi-browse should resolve our instance");
        var fields = line!.Split(';');
        // =;lo;IPv4;NAME;_compute-utility._tcp;local;HOST.local;127.0.0.1;18480;"txtvers=1" "path=..." ...
        fields[4].Should().Be("_compute-utility._tcp");
        fields[7].Should().Be("127.0.0.1");
        fields[8].Should().Be("18480");
        fields[9].Should().Contain("\"txtvers=1\"").And.Contain("\"dv=3\"").And.Contain("\"path=/.well-known/compute-utility\"");
    }

    [Fact]
    public async Task Our_browser_finds_a_service_that_avahi_publish_announces()
    {
        AvahiPeer.Require();
        var name = "avahi-pub-" + Guid.NewGuid().ToString("n")[..6];
        await using var browser = UtilityBrowser.Start(new BrowserOptions { Interfaces = ["lo"], IPv6 = false });
        var watch = new BrowserWatch(browser);
        using var publisher = ExternalProcess.Start("avahi-publish",
            ["-s", name, "_compute-utility._tcp", "18481", "txtvers=1", "path=/.well-known/compute-utility", "api=1.0", "dv=4", "future=yes"]);
        try
        {
            var found = await watch.WaitAsync("Found", u => u.InstanceName == name, TimeSpan.FromSeconds(20));

            found.HostName.Should().Be("avahi-peer.local");
            found.Port.Should().Be(18481);
            found.Addresses.Should().Contain(IPAddress.Loopback);
            found.DescriptorVersion.Should().Be(4);
            found.Txt.Should().ContainKey("future", "unknown keys are kept for the caller, who ignores them (CU-DISC-7)");

            publisher.Kill();
            await watch.WaitAsync("Lost", u => u.InstanceName == name, TimeSpan.FromSeconds(10));
        }
        finally
        {
            if (!publisher.HasExited)
            {
                publisher.Kill();
            }
        }
    }
}
