using ComputeUtility.Discovery.Transport;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Responder;

/// <summary>When each record was last multicast on each socket: for the once-a-second limit and the QU rule of RFC 6762 §5.4, §6.2.</summary>
internal sealed class MulticastHistory(TimeProvider time, TimeSpan rateLimit)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(MdnsSocket, string), DateTimeOffset> _sent = [];

    public void Note(MdnsSocket socket, IEnumerable<MdnsRecord> records)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var record in records)
            {
                _sent[(socket, Key(record))] = now;
            }
        }
    }

    /// <summary>True when the record went out on the socket less than the rate limit ago.</summary>
    public bool TooSoon(MdnsSocket socket, MdnsRecord record) => SentWithin(socket, record, rateLimit);

    /// <summary>True when the record was multicast within a quarter of its TTL: then a QU question may get a unicast answer.</summary>
    public bool Fresh(MdnsSocket socket, MdnsRecord record) => SentWithin(socket, record, TimeSpan.FromSeconds(record.Ttl / 4.0));

    private bool SentWithin(MdnsSocket socket, MdnsRecord record, TimeSpan span)
    {
        lock (_gate)
        {
            return _sent.TryGetValue((socket, Key(record)), out var at) && time.GetUtcNow() - at < span;
        }
    }

    private static string Key(MdnsRecord record) =>
        $"{record.Name.ToString().ToLowerInvariant()}|{record.Type}|{record.Target}|{record.Port}|{string.Join('\u0001', record.Text)}|{record.Address}";
}
