using ComputeUtility.Server.Faults;
using ComputeUtility.Server.Http;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Origins;

/// <summary>
/// Which page origins the owner lets use the utility (section 15.1): its own origin, <c>Cors:AllowedOrigins</c>
/// (<c>*</c> for every origin), and what the owner allowed on the dashboard. A denial on the dashboard wins.
/// </summary>
internal sealed class PagePermissions
{
    public const string AnyOriginEntry = "*";

    private readonly OriginPermissionStore _store;
    private readonly FaultSwitch _faults;

    public PagePermissions(IOptions<CorsOptions> cors, OriginPermissionStore store, FaultSwitch faults)
    {
        _store = store;
        _faults = faults;
        AnyOrigin = cors.Value.AllowedOrigins.Contains(AnyOriginEntry);
        Configured = cors.Value.AllowedOrigins.Select(PageOrigin.Normalise).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The owner set <c>*</c>: every origin not denied is served.</summary>
    public bool AnyOrigin { get; }

    /// <summary>The origins of <c>Cors:AllowedOrigins</c>, normalised.</summary>
    public IReadOnlySet<string> Configured { get; }

    public PageVerdict Judge(HttpRequest request, string origin)
    {
        var normalised = PageOrigin.Normalise(origin);
        if (normalised is not null && _store.IsPermitted(normalised) == false)
        {
            return PageVerdict.Denied;
        }

        if (AnyOrigin || _faults.Is(Fault.PermitAnyOrigin))
        {
            return PageVerdict.Permitted;
        }

        if (normalised is null)
        {
            return PageVerdict.Undecided; // null (an opaque origin) or not an http(s) origin: nobody can allow it but '*'
        }

        return IsOwnOrigin(request, normalised) || Configured.Contains(normalised) || _store.IsPermitted(normalised) == true
            ? PageVerdict.Permitted
            : PageVerdict.Undecided;
    }

    /// <summary>True when the owner denied this origin on the dashboard; its answers then carry no CORS headers.</summary>
    public bool IsDenied(string origin) => PageOrigin.Normalise(origin) is { } normalised && _store.IsPermitted(normalised) == false;

    /// <summary>
    /// The page is the utility's own (its dashboard, demos): same scheme, host and port as the request came in on,
    /// provided the host is an address or a name of this machine. A name someone else's DNS answers for could be
    /// rebound to this machine, and that page would then look like the utility's own.
    /// </summary>
    private static bool IsOwnOrigin(HttpRequest request, string origin)
    {
        return LoopbackHostFilter.IsOwnHost(request.Host.Host)
            && PageOrigin.Normalise($"{request.Scheme}://{request.Host.Value}") == origin;
    }
}
