using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace ComputeUtility.Discovery.Transport;

/// <summary>
/// Resolves the configured interface list. <c>loopback</c> means the loopback interfaces, <c>all</c> every
/// other interface that is up and multicast-capable, anything else an interface name. An interface without
/// the MULTICAST flag is refused with a reason, never used.
/// </summary>
internal static class InterfaceSelector
{
    public const string Loopback = "loopback";
    public const string All = "all";

    public static InterfaceSelection Select(IReadOnlyList<string> wanted)
    {
        var present = NetworkInterface.GetAllNetworkInterfaces();
        var chosen = new List<MdnsInterface>();
        var refused = new List<string>();
        foreach (var name in wanted)
        {
            var matches = name.ToLowerInvariant() switch
            {
                Loopback => present.Where(n => n.NetworkInterfaceType == NetworkInterfaceType.Loopback).ToArray(),
                All => present.Where(n => n.NetworkInterfaceType != NetworkInterfaceType.Loopback && n.OperationalStatus != OperationalStatus.Down).ToArray(),
                _ => present.Where(n => n.Name == name).ToArray(),
            };
            if (matches.Length == 0)
            {
                refused.Add($"no interface matches '{name}'");
            }

            foreach (var nic in matches)
            {
                if (chosen.Any(c => c.Name == nic.Name))
                {
                    continue;
                }

                if (!nic.SupportsMulticast)
                {
                    refused.Add($"interface {nic.Name} is not multicast-capable");
                    continue;
                }

                chosen.Add(Describe(nic));
            }
        }

        return new InterfaceSelection(chosen, refused);
    }

    private static MdnsInterface Describe(NetworkInterface nic)
    {
        var properties = nic.GetIPProperties();
        var unicast = properties.UnicastAddresses.Select(u => u.Address).ToArray();
        var v4 = unicast.Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToArray();
        // Link-local IPv6 only (RFC 6762 §6.2: addresses valid on that link); IPv6 multicast does not work on lo.
        var v6 = unicast.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6 && a.IsIPv6LinkLocal)
            .Select(a => new IPAddress(a.GetAddressBytes())).ToArray();
        var index = nic.Supports(NetworkInterfaceComponent.IPv4) ? properties.GetIPv4Properties().Index : properties.GetIPv6Properties().Index;
        return new MdnsInterface(nic.Name, index, v4, v6, nic.NetworkInterfaceType == NetworkInterfaceType.Loopback);
    }
}
