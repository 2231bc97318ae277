namespace ComputeUtility.Conformance.Tests.NodeImplementation;

/// <summary>
/// A second implementation, written in Node.js from spec/ alone, passes the suite's core and
/// messaging profiles: evidence that the standard, not one code base, defines the interface.
/// </summary>
public sealed class NodeUtilityConformanceTests
{
    [Fact]
    public async Task The_node_utility_passes_every_required_check_of_the_core_and_messaging_profiles_the_shutdown_check_last()
    {
        var originPort = NodeUtilityProcess.FreePort();
        var origin = $"http://127.0.0.1:{originPort}";
        await using var utility = await NodeUtilityProcess.StartAsync(origin);
        var progress = new StringWriter();

        var report = await new SuiteRunner(progress).RunAsync(new SuiteSettings
        {
            Target = utility.BaseUri,
            Profiles = ["core", "messaging"],
            OriginBind = new IPEndPoint(IPAddress.Loopback, originPort),
            // The operator's hook (what --shutdown-command does): the shutdown check runs last, and stops the utility.
            StopTarget = _ => utility.StopAsync(TimeSpan.FromSeconds(10)),
        });

        var context = $"{progress}\n--- node utility output ---\n{utility.Output}";
        report.SetupError.Should().BeNull(context);
        report.Checks.Where(c => c.Required && c.Outcome == Outcome.Failed).Select(c => $"{c.Id}: {c.Message}")
            .Should().BeEmpty(context);
        report.Passed.Should().BeTrue(context);
        report.Checks.Should().Contain(c => c.Id == "snapshots.live-not-offered" && c.Outcome == Outcome.Passed,
            "the node utility does not list snapshots.live and answers prepared restores with 501");
        report.Count(Outcome.Passed).Should().BeGreaterThan(60, "the core and messaging profiles have over 60 checks a utility can pass");
        report.Checks.Single(c => c.Id == "workers.shutting-down").Outcome.Should().Be(Outcome.Passed, context);
        report.Checks[^1].Id.Should().Be("workers.shutting-down", "the check that stops the target runs last");
    }
}
