using ComputeUtility.Discovery.Registration;
using ComputeUtility.Discovery.Unicast;

namespace ComputeUtility.Discovery.Tests.Registration;

/// <summary>The update messages themselves, and several utilities registered in one domain, browsed back from BIND 9.</summary>
public sealed class DnsRegistrarTests
{
    [Fact]
    [Requirement("CU-DISC-21")]
    public void CU_DISC_21_A_registration_asks_for_its_lease_and_gives_every_record_the_configured_ttl()
    {
        var registration = new ServiceRegistration("cells.test", "cell-1", "box1", 8470, 0, 0, ["txtvers=1"], [IPAddress.Loopback, IPAddress.IPv6Loopback]);

        var message = RegistrationUpdates.Register(DomainName.Parse("cells.test"), registration, ttl: 90, leaseSeconds: 1800);

        message.EDnsOptions!.Options.OfType<UpdateLeaseOption>().Should().ContainSingle().Which.LeaseTime.Should().Be(TimeSpan.FromMinutes(30));
        var added = message.Updates.OfType<ARSoft.Tools.Net.Dns.DynamicUpdate.AddRecordUpdate>().Select(u => u.Record).ToList();
        added.Select(r => r.RecordType).Should().BeEquivalentTo([RecordType.Ptr, RecordType.Ptr, RecordType.Srv, RecordType.Txt, RecordType.A, RecordType.Aaaa]);
        added.Should().OnlyContain(r => r.TimeToLive == 90);
        added.OfType<PtrRecord>().Select(p => p.Name.ToString()).Should().BeEquivalentTo(["_services._dns-sd._udp.cells.test.", "_compute-utility._tcp.cells.test."]);
    }

    [Fact]
    [Requirement("CU-DISC-22")]
    public void CU_DISC_22_A_removal_deletes_the_instance_and_its_host_but_keeps_the_service_type_listed_for_others()
    {
        var registration = new ServiceRegistration("cells.test", "cell-1", "box1", 8470, 0, 0, ["txtvers=1"], [IPAddress.Loopback]);

        var message = RegistrationUpdates.Remove(DomainName.Parse("cells.test"), registration);

        message.Updates.Select(u => u.Name.ToString()).Distinct().Should().BeEquivalentTo(
            ["_compute-utility._tcp.cells.test.", "cell-1._compute-utility._tcp.cells.test.", "box1.cells.test."]);
        message.Updates.OfType<ARSoft.Tools.Net.Dns.DynamicUpdate.AddRecordUpdate>().Should().BeEmpty();
    }

    [Fact]
    [Requirement("CU-DISC-20", "CU-DISC-24")]
    public async Task CU_DISC_24_The_unicast_browser_finds_every_registered_utility_lowest_priority_first()
    {
        await using var bind = await BindServer.StartAsync("three.test");
        using var registrar = new DnsRegistrar(bind.Options("three.test"), TimeProvider.System);
        ServiceRegistration[] nodes =
        [
            new("three.test", "node-c", "c", 8003, Priority: 10, Weight: 0, ["txtvers=1", "dv=3"], [IPAddress.Parse("127.0.0.3")]),
            new("three.test", "node-a", "a", 8001, Priority: 0, Weight: 60, ["txtvers=1", "dv=1"], [IPAddress.Parse("127.0.0.1")]),
            new("three.test", "node-b", "b", 8002, Priority: 0, Weight: 40, ["txtvers=1", "dv=2"], [IPAddress.Parse("127.0.0.2")]),
        ];
        foreach (var node in nodes)
        {
            (await registrar.RegisterAsync(node)).Should().Be(ReturnCode.NoError);
        }

        var found = await bind.BrowseUntilAsync("three.test", f => f.Count == 3);

        found.Select(u => u.InstanceName).Should().BeEquivalentTo(["node-a", "node-b", "node-c"]);
        found.Select(u => u.Priority).Should().BeInAscendingOrder();
        found[^1].InstanceName.Should().Be("node-c", "priority 10 comes after both of priority 0");
        found.Single(u => u.InstanceName == "node-b").Should().Match<DiscoveredUtility>(u => u.Port == 8002 && u.Weight == 40 && u.DescriptorVersion == 2
            && u.Addresses.Single().Equals(IPAddress.Parse("127.0.0.2")));
    }
}
