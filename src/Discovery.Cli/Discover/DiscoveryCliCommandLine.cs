using System.CommandLine;

namespace ComputeUtility.Discovery.Cli.Discover;

/// <summary>The program's command line: the <c>discover</c> verb wired to what it does. Exit codes: 0 listed, 1 nothing to browse on, 2 a usage error.</summary>
internal static class DiscoveryCliCommandLine
{
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error,
        Func<DiscoverArguments, CancellationToken, Task<int>> discover, CancellationToken cancellationToken = default)
    {
        var surface = new DiscoverCommandLine();
        surface.Command.SetAction((result, token) => discover(surface.Read(result), token));
        var root = new RootCommand("Finds compute utilities nearby") { surface.Command };

        // No @response files: an argument is what it says.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            await error.WriteLineAsync(DiscoverCommandLine.Describe(result));
            return DiscoverCommandLine.UsageError;
        }

        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
