using ComputeUtility.Server.Faults;

namespace ComputeUtility.Server.Tests.Conformance;

/// <summary>Each behaviour broken on purpose (the test-only fault switch) makes the suite fail, naming the requirement.</summary>
[Collection(ConformanceCollection.Name)]
public sealed class FaultDetectionTests
{
    [Theory]
    [InlineData("SkipIntegrity", "packages.", "CU-PKG-3")]
    [InlineData("ReorderMessages", "channel.order", "CU-CHAN-10")]
    [InlineData("WrongStatusCode", "workers.create", "CU-WRK-1")]
    [InlineData("PlainErrors", "api.", "CU-ERR-1")]
    [InlineData("SkipTokenCheck", "workers.unauthorized", "CU-WRK-8")]
    [InlineData("IgnoreMessageLimit", "channel.post-refusals", "CU-CHAN-11")]
    [InlineData("FullDescriptorForEveryone", "descriptor.cross-origin", "CU-DESC-11")]
    [InlineData("FullDescriptorForEveryone", "descriptor.cross-origin", "CU-DESC-12")]
    [InlineData("PermitAnyOrigin", "permissions.unpermitted-page", "CU-PERM-1")]
    [InlineData("NoHeartbeats", "channel.heartbeat", "CU-CHAN-28")]
    public async Task A_broken_behaviour_makes_the_suite_fail_and_name_the_requirement(string fault, string checks, string requirement)
    {
        var (report, output) = await ConformanceRun.RunAsync(fault, ["core", "messaging"], [checks]);

        report.Passed.Should().BeFalse(output);
        report.ByRequirement().Where(r => r.Outcome == Outcome.Failed).Select(r => r.Requirement.Id).Should().Contain(requirement, output);
        output.Should().Contain(requirement);
    }

    [Fact]
    public async Task Without_a_fault_the_same_checks_pass()
    {
        var (report, output) = await ConformanceRun.RunAsync(null, ["core", "messaging"],
            ["packages.", "channel.order", "workers.create", "api.", "workers.unauthorized", "channel.post-refusals",
                "descriptor.cross-origin", "permissions.unpermitted-page", "channel.heartbeat"]);

        report.Passed.Should().BeTrue(output);
    }

    [Theory]
    [InlineData("Production", Faults.Fault.None)]
    [InlineData("Development", Faults.Fault.None)]
    [InlineData("Testing", Faults.Fault.SkipTokenCheck)]
    public void The_fault_setting_is_honoured_only_in_the_testing_environment(string environment, Faults.Fault expected)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Testing:Fault"] = "SkipTokenCheck" }).Build();
        var host = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment };

        var faults = new Faults.FaultSwitch(host, configuration,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Faults.FaultSwitch>.Instance);

        faults.Active.Should().Be(expected);
    }
}
