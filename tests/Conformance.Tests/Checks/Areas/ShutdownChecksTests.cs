using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Tests.Fakes;

namespace ComputeUtility.Conformance.Tests.Checks.Areas;

/// <summary>CU-WRK-14 is checked only with the operator's hook; without one it is not tested, which is not "not applicable".</summary>
public sealed class ShutdownChecksTests
{
    [Fact]
    public async Task Without_a_way_to_stop_the_target_the_shutdown_check_is_not_tested_and_says_how_to_test_it()
    {
        await using var target = await FakeTarget.StartAsync();

        var report = await target.RunAsync("core", "workers.shutting-down");

        var check = report.Checks.Single();
        check.Outcome.Should().Be(Outcome.NotTested);
        check.Message.Should().Contain("--check-shutdown").And.Contain("--shutdown-command");
        report.ByRequirement().Single(r => r.Requirement.Id == "CU-WRK-14").Status.Should().Be("not-tested");
    }
}
