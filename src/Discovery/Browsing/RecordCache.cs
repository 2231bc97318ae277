using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Browsing;

/// <summary>
/// The browser's record cache (RFC 6762 §10): records expire after their TTL; a goodbye (TTL 0) leaves one
/// more second; a record with the cache-flush bit replaces the others of its name and type that are older
/// than a second (§10.2). Not thread-safe: the browser holds its lock around every call.
/// </summary>
internal sealed class RecordCache(TimeProvider time)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private readonly List<CachedRecord> _records = [];

    public int Count => _records.Count;

    public void Add(MdnsRecord record, int interfaceIndex)
    {
        var now = time.GetUtcNow();
        if (record.CacheFlush && record.Ttl > 0)
        {
            for (var i = 0; i < _records.Count; i++)
            {
                var old = _records[i];
                if (old.Record.Type == record.Type && old.Record.Name.Equals(record.Name) && old.InterfaceIndex == interfaceIndex
                    && now - old.Received > OneSecond && !old.Record.SameData(record) && old.Expires > now + OneSecond)
                {
                    _records[i] = old with { Expires = now + OneSecond };
                }
            }
        }

        var existing = _records.FindIndex(c => c.InterfaceIndex == interfaceIndex && c.Record.SameRecord(record));
        var expires = record.Ttl == 0 ? now + OneSecond : now + TimeSpan.FromSeconds(record.Ttl);
        var entry = new CachedRecord(record, now, expires, interfaceIndex);
        if (existing >= 0)
        {
            _records[existing] = entry;
        }
        else
        {
            _records.Add(entry);
        }
    }

    /// <summary>Removes expired records; true when anything went.</summary>
    public bool Expire()
    {
        var now = time.GetUtcNow();
        return _records.RemoveAll(c => c.Expires <= now) > 0;
    }

    public IEnumerable<CachedRecord> Find(DomainName name, RecordType type)
    {
        var now = time.GetUtcNow();
        return _records.Where(c => c.Expires > now && c.Record.Type == type && c.Record.Name.Equals(name));
    }

    /// <summary>Records past their next refresh point (80/85/90/95 % of the TTL), each returned once per point.</summary>
    public List<CachedRecord> DueForRefresh(Func<MdnsRecord, bool> wanted)
    {
        var now = time.GetUtcNow();
        var due = new List<CachedRecord>();
        foreach (var cached in _records.Where(c => c.Record.Ttl > 1 && wanted(c.Record)))
        {
            if (cached.RefreshesDone < 4 && now >= cached.RefreshPoint(cached.RefreshesDone))
            {
                while (cached.RefreshesDone < 4 && now >= cached.RefreshPoint(cached.RefreshesDone))
                {
                    cached.RefreshesDone++;
                }

                due.Add(cached);
            }
        }

        return due;
    }
}
