using System.CommandLine;
using ComputeUtility.Discovery.Cli.NativeHost;

namespace ComputeUtility.Discovery.Cli.Discover;

/// <summary>
/// The program's command line: the <c>discover</c> and <c>native-host</c> verbs wired to what they do.
/// Exit codes: 0 listed (or the browser closed the host), 1 nothing to browse on (or a bad frame), 2 a usage error.
/// </summary>
internal static class DiscoveryCliCommandLine
{
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error,
        Func<DiscoverArguments, CancellationToken, Task<int>> discover, CancellationToken cancellationToken = default) =>
        InvokeAsync(args, output, error, discover, (_, _) => Task.FromResult(DiscoverCommandLine.UsageError), cancellationToken);

    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error,
        Func<DiscoverArguments, CancellationToken, Task<int>> discover, Func<NativeHostArguments, CancellationToken, Task<int>> nativeHost,
        CancellationToken cancellationToken = default)
    {
        var surface = new DiscoverCommandLine();
        surface.Command.SetAction((result, token) => discover(surface.Read(result), token));
        var host = new NativeHostCommandLine();
        host.Command.SetAction((result, token) => nativeHost(host.Read(result), token));
        var root = new RootCommand("Finds compute utilities nearby") { surface.Command, host.Command };

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
