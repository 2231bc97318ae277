using System.Net;
using System.Net.Sockets;

namespace ComputeUtility.Server.Packages;

/// <summary>
/// Classifies the addresses a package fetch may connect to. Loopback, private, link-local
/// (which holds cloud metadata endpoints), unique-local, carrier-grade NAT, multicast and
/// unspecified addresses are "internal": reachable only when the owner allows private hosts.
/// </summary>
internal static class AddressPolicy
{
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127,       // 100.64/10 carrier-grade NAT
                169 => b[1] == 254,                     // link-local, cloud metadata
                172 => b[1] is >= 16 and <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2), // private, IETF protocol, TEST-NET-1
                198 => b[1] is 18 or 19,                // benchmarking
                >= 224 => true,                         // multicast and reserved
                _ => false,
            };
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || address.IsIPv6UniqueLocal;
    }
}
