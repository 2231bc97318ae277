using System.Diagnostics;

namespace ComputeUtility.Discovery.Tests.Interop;

/// <summary>RFC 6762 §8–§9 for the host name: Avahi already holds it, so our responder probes, loses and renames.</summary>
public sealed class AvahiHostNameTests
{
    [Fact]
    public async Task A_host_name_avahi_already_publishes_makes_our_responder_rename_its_host_and_point_srv_at_the_new_name()
    {
        AvahiPeer.Require();
        var host = "clash" + Guid.NewGuid().ToString("n")[..6]; // no "-digits" ending, which renaming would count up
        var name = "host-probe-" + Guid.NewGuid().ToString("n")[..6];
        // Avahi claims HOST.local for an address that is not ours, so our A record for it conflicts.
        using var publisher = ExternalProcess.Start("avahi-publish", ["-a", "-R", $"{host}.local", "10.9.9.9"]);
        try
        {
            await WaitUntilAvahiResolvesAsync($"{host}.local", "10.9.9.9");
            await using var responder = TestResponder.Create(name, 18486, hostLabel: host);

            await responder.StartAsync(CancellationToken.None);

            responder.HostLabel.Should().Be($"{host}-2");
            var fields = await AvahiBrowse.ResolvedAsync(name, TimeSpan.FromSeconds(20));
            fields.Should().NotBeNull("avahi-browse should resolve our instance");
            fields![6].Should().Be($"{host}-2.local", "the SRV target follows the renamed host");
            fields[7].Should().Be("127.0.0.1");
            var (_, stdout, _) = await ExternalProcess.RunAsync("avahi-resolve", ["-4", "-n", $"{host}.local"], TimeSpan.FromSeconds(10));
            stdout.Should().Contain("10.9.9.9", "Avahi keeps the name it held first");
        }
        finally
        {
            if (!publisher.HasExited)
            {
                publisher.Kill();
            }
        }
    }

    private static async Task WaitUntilAvahiResolvesAsync(string host, string address)
    {
        var clock = Stopwatch.StartNew();
        var stdout = "";
        while (!stdout.Contains(address, StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            (_, stdout, _) = await ExternalProcess.RunAsync("avahi-resolve", ["-4", "-n", host], TimeSpan.FromSeconds(5));
        }

        stdout.Should().Contain(address, "avahi-publish -a should have established {0}", host);
    }
}
