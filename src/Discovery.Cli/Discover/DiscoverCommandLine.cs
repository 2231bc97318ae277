using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;

namespace ComputeUtility.Discovery.Cli.Discover;

/// <summary>The surface of the <c>discover</c> verb: its options and their checks, apart from what the verb does.</summary>
internal sealed class DiscoverCommandLine
{
    /// <summary>The exit code of a command line that does not parse, as before System.CommandLine.</summary>
    public const int UsageError = 2;

    private static readonly TimeSpan LongestListen = TimeSpan.FromMinutes(10);

    private readonly Option<bool> _json = new("--json") { Description = "Print the utilities found as JSON instead of a table" };

    private readonly Option<double> _seconds = new("--seconds")
    {
        Description = "How long to listen for mDNS answers, more than 0 and at most 600",
        HelpName = "N",
        DefaultValueFactory = _ => 3,
        CustomParser = ParseSeconds,
    };

    private readonly Option<string[]> _interfaces = new("--interface")
    {
        Description = "Interface to browse on: a name, loopback or all (repeatable; default loopback)",
        HelpName = "NAME",
    };

    private readonly Option<bool> _noIPv6 = new("--no-ipv6") { Description = "Browse over IPv4 only" };
    private readonly Option<string> _domain = new("--domain") { Description = "Browse a unicast DNS-SD domain instead of mDNS (with --dns)", HelpName = "DOMAIN" };

    private readonly Option<IPEndPoint> _dns = new("--dns")
    {
        Description = "The DNS server to ask for --domain",
        HelpName = "HOST:PORT",
        CustomParser = ParseEndPoint,
    };

    private readonly Option<bool> _noDescriptor = new("--no-descriptor") { Description = "Do not fetch and check each utility's descriptor" };

    public DiscoverCommandLine()
    {
        Command = new Command("discover", "List the compute utilities found over mDNS, or in a unicast DNS-SD domain")
        {
            _json, _seconds, _interfaces, _noIPv6, _domain, _dns, _noDescriptor,
        };
        Command.Validators.Add(result =>
        {
            if ((result.GetResult(_domain) is null) != (result.GetResult(_dns) is null))
            {
                result.AddError("--domain goes with --dns: give both or neither");
            }
        });
    }

    public Command Command { get; }

    public DiscoverArguments Read(ParseResult result) => new()
    {
        Json = result.GetValue(_json),
        Listen = TimeSpan.FromSeconds(result.GetValue(_seconds)),
        Interfaces = [.. result.GetValue(_interfaces) ?? []],
        IPv6 = !result.GetValue(_noIPv6),
        Domain = result.GetValue(_domain),
        Dns = result.GetValue(_dns),
        FetchDescriptors = !result.GetValue(_noDescriptor),
    };

    /// <summary>Each parse error on a line of its own, then where the usage is.</summary>
    public static string Describe(ParseResult result) =>
        string.Concat(result.Errors.Select(e => $"discover: {e.Message}\n")) + "usage: discover --help shows the options";

    private static double ParseSeconds(ArgumentResult result)
    {
        var text = result.Tokens[^1].Value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0 && TimeSpan.FromSeconds(seconds) <= LongestListen)
        {
            return seconds;
        }

        result.AddError($"--seconds must be a number of seconds more than 0 and at most 600, not '{text}'");
        return 0;
    }

    private static IPEndPoint? ParseEndPoint(ArgumentResult result)
    {
        var text = result.Tokens[^1].Value;
        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            return endpoint;
        }

        result.AddError($"--dns must be ADDRESS:PORT, not '{text}'");
        return null;
    }
}
