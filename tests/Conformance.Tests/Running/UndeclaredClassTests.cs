using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Tests.Fakes;

namespace ComputeUtility.Conformance.Tests.Running;

/// <summary>Section 1.2: the checks of a class the target does not declare are reported not implemented, not failed.</summary>
public sealed class UndeclaredClassTests
{
    [Fact]
    public async Task A_target_without_tasks_in_features_gets_not_implemented_for_the_tasks_profile_and_still_passes_it()
    {
        await using var target = await FakeTarget.StartAsync();

        var report = await target.RunAsync("tasks", "tasks.");

        report.Checks.Should().NotBeEmpty();
        report.Checks.Should().OnlyContain(c => c.Outcome == Outcome.NotImplemented, "the target's features do not list tasks");
        report.Checks.First().Message.Should().Contain("features does not list 'tasks'");
        report.Passed.Should().BeTrue();
        report.ByRequirement().Where(r => r.Requirement.Class == "tasks").Should().OnlyContain(r => r.Status == "not-implemented");
    }

    [Fact]
    public async Task Messaging_counts_as_declared_only_when_both_channel_features_are_listed()
    {
        await using var target = await FakeTarget.StartAsync(d => d["features"] = new System.Text.Json.Nodes.JsonArray("workers", "channel.http"));

        var report = await target.RunAsync("messaging", "channel.");

        report.Checks.Should().NotBeEmpty().And.OnlyContain(c => c.Outcome == Outcome.NotImplemented);
        report.Checks.First().Message.Should().Contain("'channel.websocket', 'channel.http'");
    }
}
