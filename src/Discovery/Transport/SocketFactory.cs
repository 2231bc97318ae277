using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace ComputeUtility.Discovery.Transport;

/// <summary>Opens one socket per chosen interface and address family; a socket that cannot open is reported, not fatal.</summary>
internal static class SocketFactory
{
    public static List<MdnsSocket> Open(InterfaceSelection selection, bool ipv4, bool ipv6, Action<string> refused)
    {
        var sockets = new List<MdnsSocket>();
        foreach (var reason in selection.Refused)
        {
            refused(reason);
        }

        foreach (var nic in selection.Chosen)
        {
            foreach (var (family, wanted, has) in new[]
                     {
                         (AddressFamily.InterNetwork, ipv4, nic.IPv4.Count > 0),
                         (AddressFamily.InterNetworkV6, ipv6, nic.IPv6.Count > 0 && !nic.IsLoopback),
                     })
            {
                if (!wanted || !has)
                {
                    continue;
                }

                try
                {
                    sockets.Add(MdnsSocket.Open(nic, family));
                }
                catch (SocketException ex)
                {
                    refused($"cannot open an mDNS socket on {nic.Name} ({family}): {ex.Message}");
                }
            }
        }

        return sockets;
    }

    public static void Log(ILogger logger, string reason) => DiscoveryLog.InterfaceRefused(logger, reason);
}
