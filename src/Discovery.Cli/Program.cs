using ComputeUtility.Discovery.Cli.Discover;

// compute-utility discover [--json] [--seconds N] [--interface NAME]... [--domain DOMAIN --dns HOST:PORT]
if (args.Length == 0 || args[0] != "discover")
{
    Console.Error.WriteLine("usage: discover " + DiscoverArguments.Usage);
    return 2;
}

if (!DiscoverArguments.TryParse(args[1..], out var arguments, out var error))
{
    Console.Error.WriteLine(error);
    return 2;
}

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
return await new DiscoverCommand(Console.Out, http).RunAsync(arguments!, CancellationToken.None);
