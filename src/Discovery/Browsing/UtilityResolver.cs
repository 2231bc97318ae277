using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace ComputeUtility.Discovery.Browsing;

/// <summary>Joins PTR, SRV, TXT and address records of the cache into utilities (RFC 6763 §4–§6).</summary>
internal static class UtilityResolver
{
    public static List<DiscoveredUtility> Resolve(RecordCache cache, DomainName serviceType, Func<int, string> interfaceName)
    {
        var found = new List<DiscoveredUtility>();
        var instances = cache.Find(serviceType, RecordType.Ptr).GroupBy(p => p.Record.Target!.ToString().ToLowerInvariant());
        foreach (var sightings in instances)
        {
            var ptr = sightings.First();
            var instance = ptr.Record.Target!;
            var srv = cache.Find(instance, RecordType.Srv).MaxBy(c => c.Received);
            var txt = cache.Find(instance, RecordType.Txt).MaxBy(c => c.Received);
            if (srv is null || txt is null || instance.LabelCount == 0)
            {
                continue; // RFC 6763 §6: an instance has both an SRV and a TXT record
            }

            var host = srv.Record.Target!;
            var addresses = cache.Find(host, RecordType.A).Concat(cache.Find(host, RecordType.Aaaa))
                .Select(c => WithScope(c.Record.Address!, c.InterfaceIndex))
                .Distinct()
                .ToList();
            if (addresses.Count == 0)
            {
                continue;
            }

            found.Add(new DiscoveredUtility(instance.Labels[0], string.Join('.', host.Labels), srv.Record.Port, addresses,
                TxtParser.Parse(txt.Record.Text), interfaceName(ptr.InterfaceIndex)));
        }

        return found;
    }

    /// <summary>A link-local IPv6 address is only usable with the interface it was seen on.</summary>
    private static IPAddress WithScope(IPAddress address, int interfaceIndex)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv6LinkLocal)
        {
            return new IPAddress(address.GetAddressBytes(), interfaceIndex);
        }

        return address;
    }
}
