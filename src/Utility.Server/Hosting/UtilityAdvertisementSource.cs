using System.Net;
using ComputeUtility.Discovery.Hosting;
using ComputeUtility.Server.Descriptor;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ComputeUtility.Server.Hosting;

/// <summary>
/// Tells the discovery announcer where the utility listens (its HTTPS listener when it has one, else HTTP) and which
/// descriptor version it serves.
/// </summary>
internal sealed class UtilityAdvertisementSource(IServer server, DescriptorBuilder descriptors) : IUtilityAdvertisementSource
{
    public UtilityAdvertisement? Current()
    {
        var urls = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var parsed = urls
            .Select(u => Uri.TryCreate(u.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .ToArray();

        // With the owner's certificate the LAN is offered the HTTPS listener (TXT scheme=https), so tokens cross it encrypted.
        var https = parsed.Where(u => u is { Scheme: "https" }).ToArray();
        var listening = https.Length > 0 ? https : parsed.Where(u => u is { Scheme: "http" }).ToArray();
        if (listening.Length == 0)
        {
            return null;
        }

        var addresses = listening.Select(u => u!.Host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(u.Host.Trim('[', ']'), out var ip) ? ip : IPAddress.Any).ToArray();
        var descriptor = descriptors.Build("");
        return new UtilityAdvertisement(descriptor.Name, listening[0]!.Port, addresses, DescriptorBuilder.ApiVersion,
            descriptor.DescriptorVersion, DescriptorBuilder.WellKnownPath, listening[0]!.Scheme);
    }
}
