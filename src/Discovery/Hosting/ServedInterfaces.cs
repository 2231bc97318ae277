using System.Net;
using ComputeUtility.Discovery.Transport;

namespace ComputeUtility.Discovery.Hosting;

/// <summary>CU-DISC-6: an interface may carry the announcement only when the HTTP listener answers on it.</summary>
internal static class ServedInterfaces
{
    public static bool Serves(IReadOnlyList<IPAddress> listen, MdnsInterface nic) =>
        listen.Any(l => l.Equals(IPAddress.Any) || l.Equals(IPAddress.IPv6Any) || nic.Addresses.Any(a => a.Equals(l))
            || (nic.IsLoopback && IPAddress.IsLoopback(l)));
}
