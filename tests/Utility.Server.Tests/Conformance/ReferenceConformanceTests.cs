using System.Xml.Linq;
using ComputeUtility.Conformance.Reports;

namespace ComputeUtility.Server.Tests.Conformance;

/// <summary>The reference utility passes its own conformance suite, every profile it implements.</summary>
[Collection(ConformanceCollection.Name)]
public sealed class ReferenceConformanceTests
{
    [Fact]
    public async Task The_reference_utility_passes_every_check_of_the_core_messaging_tasks_estimates_and_snapshots_profiles()
    {
        var (report, output) = await ConformanceRun.RunAsync(null, ["core", "messaging", "tasks", "estimates", "snapshots"]);

        report.SetupError.Should().BeNull();
        report.Checks.Where(c => c.Outcome == Outcome.Failed).Select(c => $"{c.Id}: {c.Message}").Should().BeEmpty(output);
        report.Passed.Should().BeTrue();
        report.Count(Outcome.Passed).Should().BeGreaterThan(80);
        report.Checks.Should().Contain(c => c.Id == "api.rate-limits" && c.Outcome == Outcome.Passed, "the default budgets are enforced on loopback here");
        report.Checks.Where(c => c.Id.StartsWith("snapshots.live-", StringComparison.Ordinal)).Select(c => $"{c.Id} {c.Outcome}")
            .Should().BeEquivalentTo(["snapshots.live-not-offered NotApplicable", "snapshots.live-delta Passed", "snapshots.live-move Passed"],
                "the reference utility lists snapshots.live");

        // The three reports are well formed and agree with the run.
        var junit = JUnitReport.Build(report);
        junit.Root!.Attribute("failures")!.Value.Should().Be("0");
        junit.Descendants("testcase").Should().HaveCount(report.Checks.Count);
        var json = JsonDocument.Parse(JsonReport.Write(report)).RootElement;
        json.GetProperty("passed").GetBoolean().Should().BeTrue();
        json.GetProperty("requirements").EnumerateArray().Should().Contain(r => r.GetProperty("id").GetString() == "CU-WRK-1"
                                                                                 && r.GetProperty("status").GetString() == "pass");
        var markdown = MarkdownReport.Build(report);
        markdown.Should().Contain("**conforms**").And.Contain("| CU-PKG-3 | core | MUST | pass |");
    }

    [Fact]
    public async Task The_reference_utility_passes_the_discovery_profile_inside_the_test_network()
    {
        // mDNS may only be sent inside the private network namespace that ./test.sh creates.
        Environment.GetEnvironmentVariable("CU_TEST_NETNS").Should().Be("1",
            "this test multicasts and must run inside the test namespace: run ./test.sh (tools/netns/run.sh dotnet test)");

        var (report, output) = await ConformanceRun.RunAsync(null, ["discovery"]);

        report.Checks.Where(c => c.Outcome == Outcome.Failed).Select(c => $"{c.Id}: {c.Message}").Should().BeEmpty(output);
        report.Checks.Should().Contain(c => c.Id == "discovery.txt" && c.Outcome == Outcome.Passed);
        report.Passed.Should().BeTrue(output);
    }
}
