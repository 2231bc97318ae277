using System.Diagnostics;
using ComputeUtility.Discovery.Unicast;

namespace ComputeUtility.Discovery.Tests.Unicast;

/// <summary>Unicast DNS-SD against BIND 9 (Debian's named), started on a loopback port with a zone this test writes.</summary>
public sealed class UnicastBrowserTests
{
    [Fact]
    public async Task Browsing_a_domain_on_bind_resolves_every_published_utility()
    {
        PrivateNetwork.Require();
        var named = ExternalProcess.Which("named") ?? "/usr/sbin/named";
        if (!File.Exists(named))
        {
            throw new InvalidOperationException("This test needs BIND 9's named: apt-get install bind9 (./test.sh installs it when run as root).");
        }

        var dir = Directory.CreateTempSubdirectory("cu-named");
        var port = FreeUdpPort();
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "edge.test.zone"), """
            $TTL 60
            @                             IN SOA  ns.edge.test. admin.edge.test. 1 60 60 600 60
            @                             IN NS   ns.edge.test.
            ns                            IN A    127.0.0.1
            _compute-utility._tcp         IN PTR  cell-7._compute-utility._tcp
            _compute-utility._tcp         IN PTR  Edge\032Box._compute-utility._tcp
            _compute-utility._tcp         IN PTR  half-published._compute-utility._tcp
            cell-7._compute-utility._tcp  IN SRV  0 0 8470 box1.edge.test.
            cell-7._compute-utility._tcp  IN TXT  "txtvers=1" "path=/.well-known/compute-utility" "api=1.0" "dv=5"
            Edge\032Box._compute-utility._tcp IN SRV 0 0 9000 box2.edge.test.
            Edge\032Box._compute-utility._tcp IN TXT "txtvers=1" "path=/cu" "api=1.0" "dv=12"
            half-published._compute-utility._tcp IN TXT "txtvers=1"
            box1                          IN A    127.0.0.1
            box1                          IN AAAA ::1
            box2                          IN A    127.0.0.2

            """);
        var conf = Path.Combine(dir.FullName, "named.conf");
        await File.WriteAllTextAsync(conf, $$"""
            options {
              directory "{{dir.FullName}}";
              pid-file "{{dir.FullName}}/named.pid";
              session-keyfile "{{dir.FullName}}/session.key";
              managed-keys-directory "{{dir.FullName}}";
              listen-on port {{port}} { 127.0.0.1; };
              listen-on-v6 { none; };
              recursion no;
              dnssec-validation no;
              allow-query { any; };
            };
            zone "edge.test" { type primary; file "{{dir.FullName}}/edge.test.zone"; };

            """);
        using var server = ExternalProcess.Start(named, ["-g", "-c", conf]);
        try
        {
            using var browser = new UnicastBrowser(new IPEndPoint(IPAddress.Loopback, port), TimeSpan.FromSeconds(1));
            IReadOnlyList<DiscoveredUtility> found = [];
            var clock = Stopwatch.StartNew();
            while (found.Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(20) && !server.HasExited)
            {
                found = await browser.BrowseAsync("edge.test"); // named answers once it has loaded the zone
            }

            server.HasExited.Should().BeFalse("named must start: " + (server.HasExited ? await server.StandardError.ReadToEndAsync() : ""));
            found.Should().HaveCount(2, "the half-published instance has no SRV record");
            var cell = found.Single(u => u.InstanceName == "cell-7");
            cell.HostName.Should().Be("box1.edge.test");
            cell.Port.Should().Be(8470);
            cell.Addresses.Should().BeEquivalentTo([IPAddress.Loopback, IPAddress.IPv6Loopback]);
            cell.DescriptorVersion.Should().Be(5);
            cell.Source.Should().Be("edge.test");
            var box = found.Single(u => u.InstanceName == "Edge Box");
            box.DescriptorUri.Should().Be(new Uri("http://127.0.0.2:9000/cu"));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            dir.Delete(recursive: true);
        }
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
