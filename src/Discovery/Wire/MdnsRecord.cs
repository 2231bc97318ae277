using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace ComputeUtility.Discovery.Wire;

/// <summary>One resource record of the kinds DNS-SD uses (PTR, SRV, TXT, A, AAAA), as sent or received.</summary>
internal sealed record MdnsRecord(DomainName Name, RecordType Type, uint Ttl, bool CacheFlush)
{
    public DomainName? Target { get; init; }
    public ushort Priority { get; init; }
    public ushort Weight { get; init; }
    public ushort Port { get; init; }
    public IReadOnlyList<string> Text { get; init; } = [];
    public IPAddress? Address { get; init; }

    public static MdnsRecord Pointer(DomainName name, DomainName target, uint ttl) =>
        new(name, RecordType.Ptr, ttl, CacheFlush: false) { Target = target };

    public static MdnsRecord Service(DomainName name, DomainName host, ushort port, uint ttl) =>
        new(name, RecordType.Srv, ttl, CacheFlush: true) { Target = host, Port = port };

    public static MdnsRecord TextRecord(DomainName name, IReadOnlyList<string> text, uint ttl) =>
        new(name, RecordType.Txt, ttl, CacheFlush: true) { Text = text };

    public static MdnsRecord HostAddress(DomainName host, IPAddress address, uint ttl) =>
        new(host, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? RecordType.Aaaa : RecordType.A, ttl, CacheFlush: true)
        { Address = address };

    /// <summary>Same name, type and data: the same record whatever its TTL (RFC 6762 §7.1, §10.2).</summary>
    public bool SameRecord(MdnsRecord other) => Type == other.Type && Name.Equals(other.Name) && SameData(other);

    public bool SameData(MdnsRecord other) => Type switch
    {
        RecordType.Ptr => Equals(Target, other.Target),
        RecordType.Srv => Equals(Target, other.Target) && Port == other.Port && Priority == other.Priority && Weight == other.Weight,
        RecordType.Txt => Text.SequenceEqual(other.Text, StringComparer.Ordinal),
        RecordType.A or RecordType.Aaaa => Equals(Address, other.Address),
        _ => false,
    };

    public MdnsRecord WithTtl(uint ttl) => this with { Ttl = ttl };
}
