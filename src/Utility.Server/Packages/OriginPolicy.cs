using System.Net;
using ComputeUtility.Server.Problems;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Packages;

/// <summary>
/// The origin rule: a page may make the utility pull code only from its own origin or an
/// allow-listed one, and never from internal hosts unless the owner allows them. The address
/// actually connected to is checked again by <see cref="GuardedConnector"/>.
/// </summary>
internal sealed class OriginPolicy(IOptions<PackagesOptions> options, DemoOrigin demo)
{
    private readonly HashSet<string> _allowed = options.Value.AllowedOrigins
        .Select(o => new Uri(o).GetLeftPart(UriPartial.Authority))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public bool PrivateHostsAllowed => options.Value.AllowPrivateHosts;

    /// <summary>True when host:port belongs to an allow-listed origin (then private addresses are allowed for it).</summary>
    public bool IsAllowListed(string host, int port) =>
        _allowed.Any(o => Uri.TryCreate(o, UriKind.Absolute, out var u)
                          && string.Equals(u.Host, host, StringComparison.OrdinalIgnoreCase) && u.Port == port);

    public IReadOnlyCollection<string> AllowedOrigins => _allowed;

    /// <summary>Throws <c>origin-not-allowed</c> unless a request from <paramref name="requestOrigin"/> may name <paramref name="package"/>.</summary>
    public void Check(Uri package, string? requestOrigin, string selfAuthority)
    {
        if (demo.Owns(package, selfAuthority))
        {
            return; // the built-in demo origin is allow-listed by default and read from disk
        }

        if (package.Scheme is not ("http" or "https"))
        {
            throw new ProblemException(ProblemTypes.OriginNotAllowed,
                $"Package URLs must use http or https, not '{package.Scheme}'.");
        }

        var packageOrigin = package.GetLeftPart(UriPartial.Authority);
        if (!string.IsNullOrEmpty(requestOrigin) && requestOrigin != "null"
            && !string.Equals(packageOrigin, requestOrigin, StringComparison.OrdinalIgnoreCase)
            && !_allowed.Contains(packageOrigin))
        {
            throw new ProblemException(ProblemTypes.OriginNotAllowed,
                $"A page from {requestOrigin} may only name packages on its own origin; {packageOrigin} is neither that nor allow-listed.");
        }

        if (requestOrigin == "null" && !_allowed.Contains(packageOrigin))
        {
            throw new ProblemException(ProblemTypes.OriginNotAllowed,
                "An opaque (null) origin may only name packages on allow-listed origins.");
        }

        // An origin the owner allow-listed by name is trusted even on a private address (a LAN app server).
        if (!PrivateHostsAllowed && !_allowed.Contains(packageOrigin) && IsInternalName(package))
        {
            throw new ProblemException(ProblemTypes.OriginNotAllowed,
                $"{package.Host} is a loopback or private host; the utility does not fetch from those unless configured (Packages:AllowPrivateHosts).");
        }
    }

    private static bool IsInternalName(Uri package)
    {
        var host = NormalHost(package);
        return package.IsLoopback
            || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && AddressPolicy.IsInternal(address));
    }

    /// <summary>
    /// The host as a resolver sees it: the IDNA full stops (U+3002, U+FF0E, U+FF61) are dots and a trailing dot
    /// (the root) is dropped, so <c>localhost.</c> and <c>127。0。0。1</c> are classified as what they reach.
    /// </summary>
    private static string NormalHost(Uri package)
    {
        var host = package.DnsSafeHost.Replace('\u3002', '.').Replace('\uFF0E', '.').Replace('\uFF61', '.');
        return host.TrimEnd('.');
    }
}
