namespace ComputeUtility.TestSupport;

/// <summary>The last lines a child process printed, kept from any thread, for failure messages.</summary>
internal sealed class ProcessTail(int lines)
{
    private readonly Queue<string> _lines = new();

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count == 0 ? "  (nothing)" : string.Join('\n', _lines);
            }
        }
    }

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > lines)
            {
                _lines.Dequeue();
            }
        }
    }
}
