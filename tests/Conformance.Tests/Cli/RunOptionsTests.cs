using ComputeUtility.Conformance.Cli;

namespace ComputeUtility.Conformance.Tests.Cli;

public sealed class RunOptionsTests
{
    [Fact]
    public void All_expands_to_every_conformance_class_and_reports_are_optional()
    {
        var options = RunOptions.Parse(["--target", "http://127.0.0.1:8470", "--profile", "all"]);

        options.Settings.Profiles.Should().Equal("core", "messaging", "tasks", "estimates", "snapshots", "discovery");
        options.JsonPath.Should().BeNull();
    }

    [Fact]
    public void Profiles_reports_and_the_origin_address_are_read()
    {
        var options = RunOptions.Parse(["--target", "http://127.0.0.1:8470", "--profile", "core,tasks", "--junit", "j.xml",
            "--markdown", "r.md", "--report-json", "r.json", "--origin-bind", "127.0.0.1:7470"]);

        options.Settings.Profiles.Should().Equal("core", "tasks");
        options.Settings.OriginBind!.Port.Should().Be(7470);
        options.Settings.DiscoveryInterfaces.Should().Equal("loopback");
        (options.JUnitPath, options.MarkdownPath, options.JsonPath).Should().Be(("j.xml", "r.md", "r.json"));
    }

    [Fact]
    public void Only_may_be_repeated_and_each_may_list_several_prefixes()
    {
        var options = RunOptions.Parse(["--target", "http://127.0.0.1:8470", "--only", "descriptor.,workers.", "--only", "tasks.",
            "--discovery-interface", "lo,eth9", "--access-token", "t0k"]);

        options.Settings.Only.Should().Equal("descriptor.", "workers.", "tasks.");
        options.Settings.DiscoveryInterfaces.Should().Equal("lo", "eth9");
        options.Settings.AccessToken.Should().Be("t0k");
    }

    [Theory]
    [InlineData(new string[0], "'--target' is required")]
    [InlineData(new[] { "--target", "ftp://x" }, "http(s)")]
    [InlineData(new[] { "--target", "http://x", "--profile", "gold" }, "unknown profile")]
    [InlineData(new[] { "--target", "http://x", "--junit" }, "--junit")]
    [InlineData(new[] { "--target", "http://x", "--origin-bind", "nowhere" }, "ADDRESS:PORT")]
    [InlineData(new[] { "--target", "http://x", "--colour" }, "'--colour'")]
    public void Bad_arguments_are_refused_with_a_reason(string[] args, string reason)
    {
        var parse = () => RunOptions.Parse(args);

        parse.Should().Throw<ArgumentException>().Which.Message.Should().Contain(reason);
    }
}
