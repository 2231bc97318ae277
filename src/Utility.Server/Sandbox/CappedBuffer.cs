namespace ComputeUtility.Server.Sandbox;

/// <summary>Collects output up to a cap and remembers whether more was written.</summary>
internal sealed class CappedBuffer(int capacity)
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _buffer = new();

    public bool Truncated { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var room = capacity - (int)_buffer.Length;
            if (data.Length > room)
            {
                Truncated = true;
                data = data[..Math.Max(room, 0)];
            }

            _buffer.Write(data);
        }
    }

    public byte[] ToArray()
    {
        lock (_gate)
        {
            return _buffer.ToArray();
        }
    }
}
