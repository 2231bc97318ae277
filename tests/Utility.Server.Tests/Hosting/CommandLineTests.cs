using ComputeUtility.Server.Hosting;

namespace ComputeUtility.Server.Tests.Hosting;

/// <summary>The utility's own switches are System.CommandLine's; every configuration argument reaches the host as typed, in order.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Configuration_arguments_pass_through_untouched_and_in_order_around_the_switches()
    {
        var line = CommandLine.Parse(["--Urls=http://127.0.0.1:9000", "--lan", "--Limits:MaxWorkers", "8", "--config", "/tmp/cu.json",
            "--Lan:Enabled=true", "--urls", "http://127.0.0.1:9001", "--Packages:AllowedOrigins:0=https://a.test"]);

        line.Lan.Should().BeTrue();
        line.ConfigFile.Should().Be("/tmp/cu.json");
        line.Help.Should().BeFalse();
        line.ConfigurationArgs.Should().Equal("--Urls=http://127.0.0.1:9000", "--Limits:MaxWorkers", "8", "--Lan:Enabled=true",
            "--urls", "http://127.0.0.1:9001", "--Packages:AllowedOrigins:0=https://a.test");
    }

    [Fact]
    public void Config_may_be_given_with_an_equals_sign_and_without_switches_nothing_is_set()
    {
        CommandLine.Parse(["--config=/etc/cu.json"]).ConfigFile.Should().Be("/etc/cu.json");
        CommandLine.Parse([]).Should().BeEquivalentTo(new CommandLine(false, null, false, []));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_asked_for_with_either_spelling(string help)
    {
        CommandLine.Parse([help]).Help.Should().BeTrue();
    }

    [Fact]
    public void Config_without_a_file_is_a_configuration_problem_naming_it()
    {
        var parse = () => CommandLine.Parse(["--config"]);

        parse.Should().Throw<ConfigurationProblem>().Which.Failures.Should().ContainSingle().Which.Should().Contain("--config");
    }

    [Fact]
    public void The_usage_is_System_CommandLine_help_for_the_switches_and_says_where_settings_are_described()
    {
        var usage = CommandLine.Usage;

        usage.Should().Contain("Usage:").And.Contain("compute-utility [options]").And.Contain("--lan").And.Contain("--config <FILE>")
            .And.Contain("--Section:Key=value").And.Contain("docs/configuration.md");
    }
}
