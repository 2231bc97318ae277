using ComputeUtility.Server.Access;
using ComputeUtility.Server.Http;

namespace ComputeUtility.Server.Dashboard;

/// <summary>
/// The dashboard is the owner's: it shows access tokens and can end workers. Only a request from this machine,
/// addressed to a local name (a page that rebound its DNS name to 127.0.0.1 is not), may see or change it;
/// a change must also come from the dashboard's own page (same origin, JSON, which a cross-site form cannot send).
/// </summary>
internal static class OwnerRequest
{
    public static bool MaySee(HttpContext context) =>
        AccessPolicy.IsLoopback(context.Connection.RemoteIpAddress) && LoopbackHostFilter.IsLocalName(context.Request.Host.Host);

    public static bool MayChange(HttpContext context)
    {
        if (!MaySee(context))
        {
            return false;
        }

        var request = context.Request;
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        return (site.Length == 0 || site == "same-origin")
            && (origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase))
            && Http.JsonBody.IsJson(request.ContentType);
    }
}
