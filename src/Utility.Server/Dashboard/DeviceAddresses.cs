using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using ComputeUtility.Server.Access;

namespace ComputeUtility.Server.Dashboard;

/// <summary>The base URLs a device on the network can use: every non-loopback address the LAN listener covers.</summary>
internal static class DeviceAddresses
{
    public static IReadOnlyList<string> For(LanOptions lan, IEnumerable<string> listening)
    {
        if (!lan.Enabled || !IPAddress.TryParse(lan.Address, out var configured))
        {
            return [];
        }

        var ports = listening
            .Select(u => Uri.TryCreate(u.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .Where(u => u is not null && !u.IsLoopback)
            .Select(u => (u!.Scheme, u.Port))
            .Distinct()
            .ToArray();
        var addresses = configured.Equals(IPAddress.Any) || configured.Equals(IPAddress.IPv6Any)
            ? InterfaceAddresses(configured.AddressFamily == AddressFamily.InterNetworkV6)
            : [configured];
        return addresses
            .SelectMany(a => ports.Select(p => $"{p.Scheme}://{(a.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString())}:{p.Port}"))
            .ToArray();
    }

    private static IPAddress[] InterfaceAddresses(bool includeIPv6)
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
                .Where(a => a.AddressFamily == AddressFamily.InterNetwork
                    || (includeIPv6 && a.AddressFamily == AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal))
                .Where(a => !IPAddress.IsLoopback(a))
                .OrderBy(a => a.AddressFamily == AddressFamily.InterNetworkV6)
                .ToArray();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
