namespace ComputeUtility.Server.Hosting;

/// <summary>
/// The utility's own switches; everything else goes to configuration (<c>--Section:Key=value</c> or <c>--Section:Key value</c>).
/// </summary>
internal sealed record CommandLine(bool Lan, string? ConfigFile, bool Help, IReadOnlyList<string> ConfigurationArgs)
{
    public const string Usage = """
        compute-utility — runs WebAssembly workers for pages and programs nearby

        usage: compute-utility [--lan] [--config FILE] [--Section:Key=value ...]

          --lan           serve the local network too: listen on every address (Lan:Address), announce over
                          DNS-SD, and require an access token (shown on the dashboard) to create work
          --config FILE   read settings from FILE (JSON, the sections of appsettings.json); without it,
                          $XDG_CONFIG_HOME/compute-utility/config.json is read when it exists
          --Section:Key=value   one setting, e.g. --Urls=http://127.0.0.1:9000 --Limits:MaxWorkers=8
          --help          this text

        Every setting, its default and what it does: docs/configuration.md. The dashboard is at the first
        address the utility prints.
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var lan = false;
        var help = false;
        string? config = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--lan":
                    lan = true;
                    break;
                case "--help" or "-h":
                    help = true;
                    break;
                case "--config":
                    if (i + 1 >= args.Count)
                    {
                        throw new ConfigurationProblem(["--config needs the path of a JSON settings file after it."]);
                    }

                    config = args[++i];
                    break;
                default:
                    if (args[i].StartsWith("--config=", StringComparison.Ordinal))
                    {
                        config = args[i]["--config=".Length..];
                    }
                    else
                    {
                        rest.Add(args[i]);
                    }

                    break;
            }
        }

        return new CommandLine(lan, config, help, rest);
    }
}
