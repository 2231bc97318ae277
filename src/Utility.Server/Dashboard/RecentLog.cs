namespace ComputeUtility.Server.Dashboard;

/// <summary>The last log lines the utility wrote, for the dashboard: a small ring, oldest dropped first.</summary>
internal sealed class RecentLog
{
    public const int Capacity = 200;

    private readonly Lock _gate = new();
    private readonly Queue<RecentLogEntry> _entries = new(Capacity);
    private long _sequence;

    public void Add(DateTimeOffset at, LogLevel level, string category, string message)
    {
        lock (_gate)
        {
            if (_entries.Count == Capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(new RecentLogEntry(++_sequence, at, level.ToString(), ShortCategory(category), message));
        }
    }

    public IReadOnlyList<RecentLogEntry> Latest(int count)
    {
        lock (_gate)
        {
            return _entries.Skip(Math.Max(0, _entries.Count - count)).Reverse().ToArray();
        }
    }

    private static string ShortCategory(string category) => category[(category.LastIndexOf('.') + 1)..];
}
