using System.Net;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Access;

/// <summary>Who must present an access token: LAN clients once the owner serves the LAN, and loopback clients only if asked.</summary>
internal sealed class AccessPolicy(IOptions<LanOptions> options)
{
    /// <summary>The descriptor's <c>policies.authentication</c> for a caller that needs a token.</summary>
    public const string AccessTokenScheme = "access-token";

    /// <summary>... and for one that needs none.</summary>
    public const string NoAuthentication = "none";

    public bool RequiresToken(HttpContext context)
    {
        var lan = options.Value;
        if (!lan.Enabled || !lan.RequireAccessToken)
        {
            return false;
        }

        return lan.RequireAccessTokenOnLoopback || !IsLoopback(context.Connection.RemoteIpAddress);
    }

    public string AuthenticationFor(HttpContext context) => RequiresToken(context) ? AccessTokenScheme : NoAuthentication;

    public static bool IsLoopback(IPAddress? address) =>
        address is not null && (IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4())));
}
