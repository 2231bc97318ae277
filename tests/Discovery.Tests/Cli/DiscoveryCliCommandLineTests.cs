using ComputeUtility.Discovery.Cli.Discover;

namespace ComputeUtility.Discovery.Tests.Cli;

public sealed class DiscoveryCliCommandLineTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private DiscoverArguments? _ran;

    [Fact]
    public async Task Discover_help_is_written_by_System_CommandLine_and_lists_every_option_without_browsing()
    {
        var exit = await InvokeAsync("discover", "--help");

        exit.Should().Be(0);
        _ran.Should().BeNull("help does not browse");
        var help = _output.ToString();
        help.Should().Contain("Usage:").And.Contain("discover [options]");
        foreach (var option in new[] { "--json", "--seconds <N>", "--interface <NAME>", "--no-ipv6", "--domain <DOMAIN>", "--dns <HOST:PORT>", "--no-descriptor" })
        {
            help.Should().Contain(option);
        }
    }

    [Theory]
    [InlineData("'--bogus'", "discover", "--bogus")]
    [InlineData("--seconds", "discover", "--seconds", "601")]
    [InlineData("--seconds", "discover", "--seconds", "soon")]
    [InlineData("--dns must be ADDRESS:PORT", "discover", "--domain", "edge.test", "--dns", "nowhere")]
    [InlineData("--domain goes with --dns", "discover", "--dns", "127.0.0.1:53")]
    [InlineData("'--json'", "--json")]
    [InlineData("Required command")]
    public async Task A_usage_error_names_what_is_wrong_and_exits_with_2_without_browsing(string named, params string[] args)
    {
        var exit = await InvokeAsync(args);

        exit.Should().Be(DiscoverCommandLine.UsageError).And.Be(2);
        _ran.Should().BeNull();
        _error.ToString().Should().Contain(named).And.Contain("usage: discover");
    }

    [Fact]
    public async Task The_verb_runs_with_what_was_parsed_and_its_exit_code_is_the_programs()
    {
        var exit = await InvokeAsync("discover", "--json", "--seconds", "1.5", "--interface", "lo", "--interface", "veth0",
            "--no-ipv6", "--domain", "edge.test", "--dns", "127.0.0.1:5353", "--no-descriptor");

        exit.Should().Be(7);
        _ran.Should().BeEquivalentTo(new DiscoverArguments
        {
            Json = true, Listen = TimeSpan.FromSeconds(1.5), Interfaces = ["lo", "veth0"], IPv6 = false, Domain = "edge.test",
            Dns = System.Net.IPEndPoint.Parse("127.0.0.1:5353"), FetchDescriptors = false,
        });
    }

    private Task<int> InvokeAsync(params string[] args) =>
        DiscoveryCliCommandLine.InvokeAsync(args, _output, _error, (arguments, _) =>
        {
            _ran = arguments;
            return Task.FromResult(7);
        });
}
