using ComputeUtility.Discovery.Cli.Discover;

namespace ComputeUtility.Discovery.Tests.Cli;

public sealed class DiscoverCommandTests
{
    [Fact]
    public async Task Discover_lists_a_responder_as_json_and_as_a_table()
    {
        PrivateNetwork.Require();
        var name = "cli-" + Guid.NewGuid().ToString("n")[..6];
        await using var responder = TestResponder.Create(name, 18520, dv: 6);
        await responder.StartAsync(CancellationToken.None);
        DiscoverArguments.TryParse(["--json", "--seconds", "2.5", "--interface", "lo", "--no-ipv6", "--no-descriptor"], out var json, out _).Should().BeTrue();
        DiscoverArguments.TryParse(["--seconds", "2.5", "--interface", "lo", "--no-ipv6"], out var table, out _).Should().BeTrue();
        using var http = new HttpClient();
        var jsonOut = new StringWriter();
        var tableOut = new StringWriter();

        (await new DiscoverCommand(jsonOut, http).RunAsync(json!, CancellationToken.None)).Should().Be(0);
        (await new DiscoverCommand(tableOut, http).RunAsync(table!, CancellationToken.None)).Should().Be(0);

        var row = JsonDocument.Parse(jsonOut.ToString()).RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        row.GetProperty("port").GetInt32().Should().Be(18520);
        row.GetProperty("dv").GetInt64().Should().Be(6);
        row.GetProperty("addresses")[0].GetString().Should().Be("127.0.0.1");
        var lines = tableOut.ToString().Split('\n');
        lines[0].Should().StartWith("NAME").And.Contain("DESCRIPTOR");
        lines.Should().Contain(l => l.StartsWith(name, StringComparison.Ordinal) && l.Contains("18520") && l.Contains("unreachable"), "nothing serves HTTP on that port");
    }

    [Theory]
    [InlineData("--seconds", "0")]
    [InlineData("--domain", "edge.test")]
    [InlineData("--bogus")]
    public void Bad_arguments_are_refused_with_the_usage(params string[] args)
    {
        DiscoverArguments.TryParse(args, out _, out var error).Should().BeFalse();
        error.Should().Contain("usage: discover");
    }
}
