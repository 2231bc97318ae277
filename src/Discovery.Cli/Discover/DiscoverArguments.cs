using System.Net;

namespace ComputeUtility.Discovery.Cli.Discover;

/// <summary>What the <c>discover</c> verb was asked to do, read from its command line (<see cref="DiscoverCommandLine"/>).</summary>
internal sealed record DiscoverArguments
{
    public bool Json { get; init; }
    public TimeSpan Listen { get; init; } = TimeSpan.FromSeconds(3);
    public List<string> Interfaces { get; init; } = [];
    public bool IPv6 { get; init; } = true;
    public string? Domain { get; init; }
    public IPEndPoint? Dns { get; init; }
    public bool FetchDescriptors { get; init; } = true;

    /// <summary>Parses the arguments after <c>discover</c>; on failure <paramref name="error"/> names each offending option and the usage.</summary>
    public static bool TryParse(string[] args, out DiscoverArguments? parsed, out string error)
    {
        var surface = new DiscoverCommandLine();
        var result = surface.Command.Parse(args);
        parsed = null;
        error = "";
        if (result.Errors.Count > 0)
        {
            error = DiscoverCommandLine.Describe(result);
            return false;
        }

        parsed = surface.Read(result);
        return true;
    }
}
