using ComputeUtility.Discovery.Descriptors;
using ComputeUtility.TestSupport;

namespace ComputeUtility.Discovery.Tests.Registration;

/// <summary>The real utility process, configured to register in BIND 9: found by the unicast browser, gone after SIGTERM.</summary>
public sealed class ServerRegistrationTests
{
    [Fact]
    [Requirement("CU-DISC-20", "CU-DISC-22")]
    public async Task CU_DISC_20_The_running_utility_registers_in_its_domain_with_a_valid_descriptor_and_removes_itself_on_sigterm()
    {
        await using var bind = await BindServer.StartAsync("utility.test");
        var name = "e2e-" + Guid.NewGuid().ToString("n")[..6];

        await using var utility = await UtilityProcess.StartAsync(
            "--Discovery:Enabled=false", $"--Discovery:InstanceName={name}", "--Discovery:HostName=box1",
            "--DnsRegistration:Enabled=true", $"--DnsRegistration:Server={bind.Endpoint.Address}", $"--DnsRegistration:Port={bind.Endpoint.Port}",
            "--DnsRegistration:Domain=utility.test", $"--DnsRegistration:KeyName={BindServer.KeyName}", $"--DnsRegistration:Secret={bind.Secret}",
            "--DnsRegistration:Priority=2", "--Logging:LogLevel:Default=Warning");
        var found = (await bind.BrowseUntilAsync("utility.test", f => f.Count == 1)).Should().ContainSingle().Subject;

        found.InstanceName.Should().Be(name, "the instance is the one mDNS would announce");
        found.Port.Should().Be(utility.Port);
        found.Priority.Should().Be(2);
        found.DescriptorUri.Should().Be(new Uri($"{utility.Origin}/.well-known/compute-utility"));
        using var http = new HttpClient();
        var descriptor = await new DescriptorClient(http).FetchAsync(found);
        descriptor.DescriptorVersion.Should().Be(found.DescriptorVersion, "TXT dv is the descriptor's descriptorVersion");

        utility.Terminate();
        (await bind.BrowseUntilAsync("utility.test", f => f.Count == 0)).Should().BeEmpty("a clean shutdown removes the records");
    }

    [Fact]
    public async Task A_utility_with_registration_on_and_no_server_or_key_refuses_to_start_and_names_each_setting()
    {
        var (exitCode, output) = await UtilityProcess.RunToExitAsync(TimeSpan.FromSeconds(60),
            "--Urls=http://127.0.0.1:0", "--DnsRegistration:Enabled=true", "--DnsRegistration:Domain=utility.test");

        exitCode.Should().Be(2, "a configuration mistake is reported at start: " + output);
        output.Should().Contain("DnsRegistration:Server").And.Contain("DnsRegistration:KeyName").And.Contain("DnsRegistration:Secret")
            .And.NotContain("DnsRegistration:Domain");
    }
}
