using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace ComputeUtility.Discovery.Wire;

/// <summary>A question; <see cref="UnicastResponse"/> is the QU bit of RFC 6762 §5.4.</summary>
internal sealed record MdnsQuestion(DomainName Name, RecordType Type, bool UnicastResponse = false)
{
    public bool Matches(MdnsRecord record) =>
        (Type == RecordType.Any || Type == record.Type) && Name.Equals(record.Name);
}
