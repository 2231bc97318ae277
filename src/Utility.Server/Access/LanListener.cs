using System.Net;

namespace ComputeUtility.Server.Access;

/// <summary>
/// Turns <c>Lan:Enabled</c> (or <c>--lan</c>) into listening addresses, before the host is built: the HTTP port on
/// the LAN address as well as loopback, an HTTPS port when the owner gave a certificate, and announcements on every
/// interface unless <c>Discovery:Interfaces</c> names some.
/// </summary>
internal static class LanListener
{
    public static void Apply(IConfiguration configuration)
    {
        var lan = configuration.GetSection(LanOptions.Section).Get<LanOptions>() ?? new LanOptions();
        if (!lan.Enabled)
        {
            return;
        }

        if (!IPAddress.TryParse(lan.Address, out var address))
        {
            throw new InvalidOperationException($"Lan:Address must be an IP address to listen on (0.0.0.0 for every IPv4 address), not '{lan.Address}'.");
        }

        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var wildcard = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
        var urls = (configuration["Urls"] ?? "http://127.0.0.1:8470").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new List<string>();
        foreach (var url in urls)
        {
            var uri = new Uri(url);
            var lanUrl = $"{uri.Scheme}://{host}:{uri.Port}";
            if (!wildcard)
            {
                result.Add(url); // a single LAN address: loopback stays as configured
            }

            if (!result.Contains(lanUrl, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(lanUrl);
            }
        }

        if (!string.IsNullOrEmpty(lan.CertificatePath))
        {
            // The certificate itself comes from Tls/CertificateReloader, read again when its files change.
            result.Add($"https://{host}:{lan.HttpsPort}");
        }

        configuration["Urls"] = string.Join(';', result);
        if (!configuration.GetSection("Discovery:Interfaces").GetChildren().Any())
        {
            configuration["Discovery:Interfaces:0"] = "all";
        }
    }
}
