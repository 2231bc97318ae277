using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Browsing;

/// <summary>A record in the browser's cache: when it came, when it expires, and on which interface.</summary>
internal sealed record CachedRecord(MdnsRecord Record, DateTimeOffset Received, DateTimeOffset Expires, int InterfaceIndex)
{
    /// <summary>RFC 6762 §5.2: re-query at 80, 85, 90 and 95 % of the TTL; the index of the next one due.</summary>
    public int RefreshesDone { get; set; }

    public DateTimeOffset RefreshPoint(int index) =>
        Received + TimeSpan.FromSeconds(Record.Ttl * (0.80 + 0.05 * index));

    public bool MoreThanHalfLeft(DateTimeOffset now) => (Expires - now).TotalSeconds > Record.Ttl / 2.0;
}
