using System.Text.Json;
using ComputeUtility.Conformance.Reports;
using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Conformance.Tests.Reports;

/// <summary>The three reports say the same thing about a run with a failure in it.</summary>
public sealed class ReportTests
{
    private static readonly SuiteReport Report = new()
    {
        Target = new Uri("http://127.0.0.1:8470/"),
        Profiles = ["core"],
        StartedAt = DateTimeOffset.Parse("2026-11-23T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        Duration = TimeSpan.FromSeconds(3),
        Descriptor = JsonDocument.Parse("""{"apiVersion":"1.0","implementation":{"name":"x","version":"1"},"features":["workers"]}""").RootElement,
        Requirements = RequirementCatalog.Load(),
        Checks =
        [
            new CheckResult("workers.create", "creates", "core", ["CU-WRK-1"], Outcome.Passed, null, TimeSpan.FromMilliseconds(5), true),
            new CheckResult("packages.manifest-integrity", "integrity", "core", ["CU-PKG-3"], Outcome.Failed, "CU-PKG-3: accepted a lie", TimeSpan.FromMilliseconds(7), true),
            new CheckResult("cors.refused-page", "cors", "core", ["CU-CORS-3"], Outcome.NotApplicable, "every page allowed", TimeSpan.FromMilliseconds(1), true),
        ],
    };

    [Fact]
    public void A_failed_required_check_fails_the_run()
    {
        Report.Passed.Should().BeFalse();
        Report.ByRequirement().Single(r => r.Requirement.Id == "CU-PKG-3").Status.Should().Be("fail");
        Report.ByRequirement().Single(r => r.Requirement.Id == "CU-CORS-3").Status.Should().Be("not-applicable");
    }

    [Fact]
    public void JUnit_counts_failures_and_skips_per_profile()
    {
        var xml = JUnitReport.Build(Report);

        xml.Root!.Attribute("failures")!.Value.Should().Be("1");
        var suite = xml.Root.Element("testsuite")!;
        suite.Attribute("skipped")!.Value.Should().Be("1");
        suite.Elements("testcase").Single(t => t.Element("failure") is not null).Attribute("name")!.Value.Should().Contain("CU-PKG-3");
    }

    [Fact]
    public void Json_lists_every_check_and_the_status_of_each_requirement()
    {
        var json = JsonDocument.Parse(JsonReport.Write(Report)).RootElement;

        json.GetProperty("passed").GetBoolean().Should().BeFalse();
        json.GetProperty("checks").GetArrayLength().Should().Be(3);
        json.GetProperty("requirements").EnumerateArray()
            .Single(r => r.GetProperty("id").GetString() == "CU-PKG-3").GetProperty("status").GetString().Should().Be("fail");
    }

    [Fact]
    public void Markdown_is_an_implementation_report_with_the_target_on_top()
    {
        var markdown = MarkdownReport.Build(Report);

        markdown.Should().StartWith("# Compute Utility implementation report");
        markdown.Should().Contain("**does not conform**");
        markdown.Should().Contain("| CU-PKG-3 | core | MUST | fail | packages.manifest-integrity | CU-PKG-3: accepted a lie |");
        markdown.Should().Contain("| CU-WRK-1 | core | MUST | pass | workers.create |");
    }
}
