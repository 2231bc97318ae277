namespace ComputeUtility.Server.Origins;

/// <summary>
/// Page origins that tried to start work before the owner decided, newest first, for the dashboard to ask about.
/// Bounded, so a program sending made-up origins cannot grow it; kept in memory only (a restart asks again).
/// </summary>
internal sealed class PendingOrigins(TimeProvider time)
{
    public const int Capacity = 32;

    private readonly Lock _gate = new();
    private readonly List<PendingOrigin> _pending = [];

    public IReadOnlyList<PendingOrigin> All
    {
        get
        {
            lock (_gate)
            {
                return _pending.OrderByDescending(p => p.LastSeen).ToArray();
            }
        }
    }

    /// <summary>Notes an attempt; true when the origin was not pending yet.</summary>
    public bool Record(string origin)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var index = _pending.FindIndex(p => p.Origin == origin);
            if (index >= 0)
            {
                var seen = _pending[index];
                _pending[index] = seen with { LastSeen = now, Attempts = seen.Attempts + 1 };
                return false;
            }

            if (_pending.Count == Capacity)
            {
                _pending.Remove(_pending.MinBy(p => p.LastSeen)!);
            }

            _pending.Add(new PendingOrigin(origin, now, now, 1));
            return true;
        }
    }

    /// <summary>Once the owner decided, the origin is no longer pending.</summary>
    public void Remove(string origin)
    {
        lock (_gate)
        {
            _pending.RemoveAll(p => p.Origin == origin);
        }
    }
}
