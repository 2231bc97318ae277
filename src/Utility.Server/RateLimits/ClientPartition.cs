using System.Net;
using System.Net.Sockets;

namespace ComputeUtility.Server.RateLimits;

/// <summary>
/// The key that tells clients apart: the IPv4 address, or the /64 prefix of an IPv6 address
/// (one host commonly holds many addresses of its /64, so counting each would be no limit).
/// </summary>
internal static class ClientPartition
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
