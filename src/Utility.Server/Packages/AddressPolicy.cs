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
        else if (EmbeddedIPv4(address) is { } embedded && IsInternal(embedded))
        {
            return true; // ::a.b.c.d, NAT64 and 6to4 reach the IPv4 address they carry
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

    /// <summary>The IPv4 address in an IPv4-compatible (::/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (b[..12].IndexOfAnyExcept((byte)0) < 0 || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].IndexOfAnyExcept((byte)0) < 0))
        {
            return new IPAddress(b[12..]);
        }

        return b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(b[2..6]) : null;
    }
}
