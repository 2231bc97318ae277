using System.Text;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Turns a guest's stdout or stderr bytes into lines. Lines longer than the cap are cut,
/// and total output past the budget is dropped with one notice, so a chatty guest cannot flood the channel.
/// </summary>
internal sealed class LineSplitter(string stream, Action<string, string> emit, int maxLineBytes = 8 * 1024,
    long budgetBytes = 4 * 1024 * 1024)
{
    private readonly Lock _gate = new();
    private readonly byte[] _line = new byte[maxLineBytes];
    private int _length;
    private long _total;
    private bool _exhausted;

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (_exhausted)
            {
                return;
            }

            _total += data.Length;
            if (_total > budgetBytes)
            {
                _exhausted = true;
                Flush();
                emit(stream, $"[output past {budgetBytes} bytes dropped]");
                return;
            }

            foreach (var b in data)
            {
                if (b == (byte)'\n')
                {
                    Flush();
                }
                else if (_length < _line.Length)
                {
                    _line[_length++] = b;
                }
            }
        }
    }

    public void Complete()
    {
        lock (_gate)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_length == 0)
        {
            return;
        }

        var end = _length > 0 && _line[_length - 1] == '\r' ? _length - 1 : _length;
        emit(stream, Encoding.UTF8.GetString(_line, 0, end));
        _length = 0;
    }
}
