using System.Net;

namespace ComputeUtility.Discovery.Transport;

/// <summary>A network interface chosen for mDNS, with the addresses the responder publishes on it.</summary>
internal sealed record MdnsInterface(string Name, int Index, IReadOnlyList<IPAddress> IPv4, IReadOnlyList<IPAddress> IPv6, bool IsLoopback)
{
    public IEnumerable<IPAddress> Addresses => IPv4.Concat(IPv6);
}
