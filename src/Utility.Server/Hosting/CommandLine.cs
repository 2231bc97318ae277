using System.CommandLine;
using System.CommandLine.Help;

namespace ComputeUtility.Server.Hosting;

/// <summary>
/// The utility's own switches, parsed by System.CommandLine; every other argument goes untouched, in order, to configuration
/// (<c>--Section:Key=value</c> or <c>--Section:Key value</c>, as ASP.NET reads them).
/// </summary>
internal sealed record CommandLine(bool Lan, string? ConfigFile, bool Help, IReadOnlyList<string> ConfigurationArgs)
{
    private const string Settings = """

        The additional arguments are settings, passed as they are to the host's configuration:
          --Section:Key=value   e.g. --Urls=http://127.0.0.1:9000 --Limits:MaxWorkers=8 (or --Section:Key value)

        Every setting, its default and what it does: docs/configuration.md. The dashboard is at the first
        address the utility prints.
        """;

    /// <summary>No @response files and no bundling of short options: an argument meant for configuration reaches it as typed.</summary>
    private static readonly ParserConfiguration Parsing = new() { EnablePosixBundling = false, ResponseFileTokenReplacer = null };

    private static readonly Option<bool> LanOption = new("--lan")
    {
        Description = "Serve the local network too: listen on every address (Lan:Address), announce over DNS-SD, and require an access token (shown on the dashboard) to create work",
    };

    private static readonly Option<string> ConfigOption = new("--config")
    {
        Description = "Read settings from FILE (JSON, the sections of appsettings.json); without it, $XDG_CONFIG_HOME/compute-utility/config.json is read when it exists",
        HelpName = "FILE",
    };

    private static readonly HelpOption HelpSwitch = new();

    private static readonly Command Surface = new("compute-utility", "compute-utility — runs WebAssembly workers for pages and programs nearby")
    {
        LanOption, ConfigOption, HelpSwitch,
    };

    static CommandLine() => Surface.TreatUnmatchedTokensAsErrors = false;

    /// <summary>The help System.CommandLine writes for the switches, then how settings are given.</summary>
    public static string Usage
    {
        get
        {
            var help = new StringWriter();
            Surface.Parse(["--help"], Parsing).Invoke(new InvocationConfiguration { Output = help });
            return help.ToString().TrimEnd() + Environment.NewLine + Settings;
        }
    }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var result = Surface.Parse(args.ToArray(), Parsing);
        if (result.Errors.Count > 0)
        {
            throw new ConfigurationProblem([.. result.Errors.Select(e => e.Message)]);
        }

        return new CommandLine(result.GetValue(LanOption), result.GetValue(ConfigOption), result.GetResult(HelpSwitch) is not null, result.UnmatchedTokens);
    }
}
