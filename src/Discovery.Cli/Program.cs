using ComputeUtility.Discovery.Cli.Discover;
using ComputeUtility.Discovery.Cli.NativeHost;

// ComputeUtility.Discovery.Cli discover [--json] [--seconds N] [--interface NAME]... [--domain DOMAIN --dns HOST:PORT]; --help for all
// ComputeUtility.Discovery.Cli native-host [ORIGIN] [--interface NAME]...: what a browser extension starts (tools/install/native-host.sh)
return await DiscoveryCliCommandLine.InvokeAsync(args, Console.Out, Console.Error, async (arguments, cancellationToken) =>
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
    return await new DiscoverCommand(Console.Out, http).RunAsync(arguments, cancellationToken);
}, async (arguments, cancellationToken) =>
{
    // stdout carries frames only: nothing else may write to it.
    await using var stdin = Console.OpenStandardInput();
    await using var stdout = Console.OpenStandardOutput();
    return await new NativeHostCommand(stdin, stdout, Console.Error).RunAsync(arguments, cancellationToken);
});
