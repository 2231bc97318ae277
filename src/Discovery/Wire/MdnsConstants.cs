using System.Net;
using ARSoft.Tools.Net;

namespace ComputeUtility.Discovery.Wire;

/// <summary>Numbers and names fixed by RFC 6762 / RFC 6763 and by the spec's section 16.</summary>
internal static class MdnsConstants
{
    public const int Port = 5353;
    public static readonly IPAddress GroupV4 = IPAddress.Parse("224.0.0.251");
    public static readonly IPAddress GroupV6 = IPAddress.Parse("ff02::fb");

    /// <summary>RFC 6762 §17: a multicast DNS packet may be up to 9000 bytes.</summary>
    public const int MaxPacketBytes = 9000;

    /// <summary>RFC 6762 §7.2, §17: a query with known answers fits the interface MTU; 1500 bytes less IPv6 and UDP headers.</summary>
    public const int QueryPacketBytes = 1452;

    /// <summary>RFC 6762 §10: records naming a host (SRV, A, AAAA) live 120 s, the others 75 minutes.</summary>
    public const uint HostRecordTtl = 120;
    public const uint OtherRecordTtl = 4500;

    /// <summary>RFC 6762 §6.7: answers to legacy unicast queries carry a TTL of at most 10 s.</summary>
    public const uint LegacyUnicastMaxTtl = 10;

    public const ushort ClassInternet = 1;
    public const ushort ClassAny = 255;
    public const ushort TopBit = 0x8000;

    public static readonly DomainName Local = new(["local"]);
    public static readonly DomainName ServiceEnumeration = new(["_services", "_dns-sd", "_udp", "local"]);

    /// <summary>The service type of section 16 of the spec, without a domain.</summary>
    public static readonly string[] ServiceTypeLabels = ["_compute-utility", "_tcp"];

    public static DomainName ServiceType(DomainName domain) => new([.. ServiceTypeLabels, .. domain.Labels]);

    /// <summary><c>_services._dns-sd._udp.DOMAIN</c>: where a domain lists its service types (RFC 6763 section 9).</summary>
    public static DomainName ServiceEnumerationIn(DomainName domain) => new(["_services", "_dns-sd", "_udp", .. domain.Labels]);
}
