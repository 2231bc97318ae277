using System.Diagnostics;

namespace ComputeUtility.Conformance.Tests.NodeImplementation;

/// <summary>
/// The Node utility's own tests (examples/node-utility/test, node:test) cover what a black-box suite
/// cannot reach: address forms, SRI options, the memory cap, the event buffer's arithmetic.
/// </summary>
public sealed class NodeUtilityOwnTests
{
    [Fact]
    public async Task The_node_utility_s_own_tests_pass()
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeUtilityProcess.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--test");
        start.ArgumentList.Add("test/");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));

        var report = await output + await errors;
        process.ExitCode.Should().Be(0, report);
        report.Should().Contain("# fail 0").And.MatchRegex(@"# pass [1-9]");
    }
}
