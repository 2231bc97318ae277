using System.CommandLine;

namespace ComputeUtility.Discovery.Cli.NativeHost;

/// <summary>
/// The surface of the <c>native-host</c> verb. Chrome starts a host with the caller's origin as its first argument
/// (and, on Windows, <c>--parent-window=N</c>), so both are accepted.
/// </summary>
internal sealed class NativeHostCommandLine
{
    private readonly Argument<string?> _caller = new("caller") { Description = "The extension's origin, as Chrome passes it", Arity = ArgumentArity.ZeroOrOne };

    private readonly Option<string[]> _interfaces = new("--interface")
    {
        Description = "Interface to browse on: a name, loopback or all (repeatable; default loopback)",
        HelpName = "NAME",
    };

    private readonly Option<bool> _noIPv6 = new("--no-ipv6") { Description = "Browse over IPv4 only" };
    private readonly Option<string> _parentWindow = new("--parent-window") { Description = "Passed by Chrome on Windows; ignored", Hidden = true };

    public NativeHostCommandLine()
    {
        Command = new Command("native-host",
            "Stream the utilities found over mDNS to a browser extension, in Chrome's native messaging protocol on stdin/stdout")
        {
            _caller, _interfaces, _noIPv6, _parentWindow,
        };
    }

    public Command Command { get; }

    public NativeHostArguments Read(ParseResult result) => new()
    {
        CallerOrigin = result.GetValue(_caller),
        Interfaces = [.. result.GetValue(_interfaces) ?? []],
        IPv6 = !result.GetValue(_noIPv6),
    };
}
