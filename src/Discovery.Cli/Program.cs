using ComputeUtility.Discovery.Cli.Discover;

// ComputeUtility.Discovery.Cli discover [--json] [--seconds N] [--interface NAME]... [--domain DOMAIN --dns HOST:PORT]; --help for all
return await DiscoveryCliCommandLine.InvokeAsync(args, Console.Out, Console.Error, async (arguments, cancellationToken) =>
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
    return await new DiscoverCommand(Console.Out, http).RunAsync(arguments, cancellationToken);
});
