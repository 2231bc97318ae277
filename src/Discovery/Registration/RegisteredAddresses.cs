using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace ComputeUtility.Discovery.Registration;

/// <summary>
/// The addresses a registration publishes for its host: those configured, else the listener's own, else (a listener
/// on every interface) the global addresses of the interfaces that are up.
/// </summary>
internal static class RegisteredAddresses
{
    public static IReadOnlyList<IPAddress> Choose(IReadOnlyList<string> configured, IReadOnlyList<IPAddress> listen)
    {
        if (configured.Count > 0)
        {
            return configured.Select(IPAddress.Parse).ToArray();
        }

        var specific = listen.Where(a => !a.Equals(IPAddress.Any) && !a.Equals(IPAddress.IPv6Any)).Distinct().ToArray();
        if (specific.Length > 0)
        {
            return specific;
        }

        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address))
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork || (a.AddressFamily == AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal))
            .Distinct().ToArray();
    }
}
