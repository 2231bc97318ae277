using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ComputeUtility.Server.Origins;

/// <summary>The dashboard's URL as the owner reaches it on this machine (loopback), for refusals to point at.</summary>
internal sealed class OwnerDashboardAddress(IServer server)
{
    private string? _url;

    public string Url
    {
        get
        {
            _url ??= Find();
            return _url ?? Fallback;
        }
    }

    private const string Fallback = "http://127.0.0.1:8470/";

    // Null until the server listens, so an early answer does not pin the fallback.
    private string? Find()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses.OrderBy(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
        {
            var local = address.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
                .Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal)
                .Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal)
                .Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal);
            if (Uri.TryCreate(local, UriKind.Absolute, out var uri) && uri.IsLoopback)
            {
                return uri.GetLeftPart(UriPartial.Authority) + "/";
            }
        }

        return null;
    }
}
