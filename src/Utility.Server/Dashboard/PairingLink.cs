using ComputeUtility.Server.Access;

namespace ComputeUtility.Server.Dashboard;

/// <summary>
/// The link a device opens to pair: the utility's LAN address, <c>/pair</c>, and the token in the fragment
/// (a fragment is never sent in a request, so the token does not reach logs or proxies on the way).
/// </summary>
internal static class PairingLink
{
    public const string Path = "/pair";

    public static string For(string baseUrl, AccessToken token) => $"{baseUrl.TrimEnd('/')}{Path}#token={Uri.EscapeDataString(token.Secret)}";
}
