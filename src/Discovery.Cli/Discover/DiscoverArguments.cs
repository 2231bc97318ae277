using System.Globalization;
using System.Net;

namespace ComputeUtility.Discovery.Cli.Discover;

/// <summary>The surface of the <c>discover</c> verb.</summary>
internal sealed record DiscoverArguments
{
    public const string Usage = "[--json] [--seconds N] [--interface NAME|loopback|all]... [--no-ipv6] [--domain DOMAIN --dns HOST:PORT] [--no-descriptor]";

    public bool Json { get; init; }
    public TimeSpan Listen { get; init; } = TimeSpan.FromSeconds(3);
    public List<string> Interfaces { get; init; } = [];
    public bool IPv6 { get; init; } = true;
    public string? Domain { get; init; }
    public IPEndPoint? Dns { get; init; }
    public bool FetchDescriptors { get; init; } = true;

    public static bool TryParse(string[] args, out DiscoverArguments? parsed, out string error)
    {
        var result = new DiscoverArguments();
        parsed = null;
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            try
            {
                result = args[i] switch
                {
                    "--json" => result with { Json = true },
                    "--seconds" => result with { Listen = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                    "--interface" => result with { Interfaces = [.. result.Interfaces, Value()] },
                    "--no-ipv6" => result with { IPv6 = false },
                    "--domain" => result with { Domain = Value() },
                    "--dns" => result with { Dns = IPEndPoint.Parse(Value()) },
                    "--no-descriptor" => result with { FetchDescriptors = false },
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
            }
            catch (FormatException ex)
            {
                error = $"discover: {ex.Message}\nusage: discover {Usage}";
                return false;
            }
        }

        if (result.Listen <= TimeSpan.Zero || result.Listen > TimeSpan.FromMinutes(10) || (result.Domain is null) != (result.Dns is null))
        {
            error = $"discover: --seconds must be between 0 and 600, and --domain goes with --dns\nusage: discover {Usage}";
            return false;
        }

        parsed = result;
        return true;
    }
}
