using System.Net;
using ARSoft.Tools.Net;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Responder;

/// <summary>The records one advertisement consists of on one interface (RFC 6763 §4, §9, §12).</summary>
internal static class ResponderRecords
{
    public static DomainName InstanceName(ServiceAdvertisement ad) =>
        new([ad.InstanceName, .. MdnsConstants.ServiceTypeLabels, .. ad.Domain.Labels]);

    public static DomainName HostName(ServiceAdvertisement ad) => new([ad.HostLabel, .. ad.Domain.Labels]);

    public static List<MdnsRecord> For(ServiceAdvertisement ad, IReadOnlyList<IPAddress> addresses)
    {
        var type = MdnsConstants.ServiceType(ad.Domain);
        var instance = InstanceName(ad);
        var host = HostName(ad);
        var records = new List<MdnsRecord>
        {
            MdnsRecord.Pointer(type, instance, MdnsConstants.OtherRecordTtl),
            MdnsRecord.Pointer(MdnsConstants.ServiceEnumeration, type, MdnsConstants.OtherRecordTtl),
            MdnsRecord.Service(instance, host, ad.Port, MdnsConstants.HostRecordTtl),
            MdnsRecord.TextRecord(instance, ad.Text, MdnsConstants.OtherRecordTtl),
        };
        records.AddRange(addresses.Select(a => MdnsRecord.HostAddress(host, a, MdnsConstants.HostRecordTtl)));
        return records;
    }

    /// <summary>
    /// The records we claim as unique (RFC 6762 §8.1 probes for them): the SRV and TXT of our instance and the
    /// A/AAAA records of our host name.
    /// </summary>
    public static List<MdnsRecord> Proposed(ServiceAdvertisement ad, IReadOnlyList<IPAddress> addresses)
    {
        var instance = InstanceName(ad);
        var host = HostName(ad);
        return For(ad, addresses).Where(r => r.Name.Equals(instance) || r.Name.Equals(host)).ToList();
    }
}
