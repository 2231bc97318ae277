using ComputeUtility.Server.Http;

namespace ComputeUtility.Server.Descriptor;

/// <summary>
/// Who sees the whole descriptor (spec 5.1): programs (no <c>Origin</c>) and the utility's own pages (the dashboard,
/// the demo), whose origin is the one the request came in on; every other page gets the minimised form.
/// </summary>
internal static class DescriptorAudience
{
    public static bool SeesEverything(HttpRequest request)
    {
        var origin = request.Origin();
        if (origin is null)
        {
            return true;
        }

        // The Host must also be one of this machine's own names or addresses: a page that rebound its own DNS name to
        // the utility sends a matching Origin and Host, and is still a stranger.
        return string.Equals(PagePartition.Of(origin), PagePartition.Of(request.SelfAuthority()), StringComparison.Ordinal)
               && LoopbackHostFilter.IsOwnHost(request.Host.Host);
    }
}
