using ComputeUtility.Conformance.Cli;

namespace ComputeUtility.Conformance.Tests.Cli;

public sealed class ConformanceCommandLineTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [Fact]
    public async Task Run_help_is_written_by_System_CommandLine_and_lists_every_option()
    {
        var exit = await ConformanceCommandLine.InvokeAsync(["run", "--help"], _output, _error);

        exit.Should().Be(0);
        var help = _output.ToString();
        help.Should().Contain("Usage:").And.Contain("cu-conformance run [options]").And.Contain("--target <URL> (REQUIRED)");
        foreach (var option in new[] { "--profile", "--report-json", "--junit", "--markdown", "--origin-bind", "--spec", "--only", "--discovery-interface", "--access-token" })
        {
            help.Should().Contain(option);
        }
    }

    [Fact]
    public async Task The_top_level_help_lists_the_verbs()
    {
        var exit = await ConformanceCommandLine.InvokeAsync(["--help"], _output, _error);

        exit.Should().Be(0);
        _output.ToString().Should().Contain("Commands:").And.Contain("run").And.Contain("list");
    }

    [Theory]
    [InlineData(new[] { "run", "--target", "http://127.0.0.1:1", "--colour" }, "'--colour'")]
    [InlineData(new[] { "run", "--target", "ftp://127.0.0.1:1" }, "--target must be an http(s) base URL")]
    [InlineData(new[] { "run", "--target", "http://127.0.0.1:1", "--origin-bind", "nowhere" }, "--origin-bind")]
    [InlineData(new[] { "run" }, "'--target' is required")]
    [InlineData(new[] { "list", "--verbose" }, "'--verbose'")]
    [InlineData(new[] { "check" }, "'check'")]
    [InlineData(new string[0], "Required command")]
    public async Task A_usage_error_names_what_is_wrong_and_exits_with_2_before_running_anything(string[] args, string named)
    {
        var exit = await ConformanceCommandLine.InvokeAsync(args, _output, _error);

        exit.Should().Be(ConformanceCommandLine.UsageError).And.Be(2);
        _error.ToString().Should().Contain(named).And.Contain("--help");
        _output.ToString().Should().BeEmpty("nothing ran");
    }

    [Fact]
    public async Task List_prints_every_check_and_exits_with_0()
    {
        var exit = await ConformanceCommandLine.InvokeAsync(["list"], _output, _error);

        exit.Should().Be(0);
        _output.ToString().Should().Contain("descriptor.valid").And.MatchRegex(@"\d+ checks");
    }
}
