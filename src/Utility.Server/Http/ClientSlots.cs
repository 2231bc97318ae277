namespace ComputeUtility.Server.Http;

/// <summary>
/// What each client holds open at once (connections, event streams), up to a cap per client: a slot is taken
/// or refused, and given back when the thing it counts ends. A client's entry goes when it holds nothing.
/// </summary>
internal sealed class ClientSlots(int cap)
{
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Cap => cap;

    /// <summary>Takes one slot of <paramref name="client"/>; false when it already holds <see cref="Cap"/>.</summary>
    public bool TryTake(string client)
    {
        lock (_gate)
        {
            _held.TryGetValue(client, out var held);
            if (held >= cap)
            {
                return false;
            }

            _held[client] = held + 1;
            return true;
        }
    }

    /// <summary>Slots <paramref name="client"/> holds now.</summary>
    public int Held(string client)
    {
        lock (_gate)
        {
            return _held.GetValueOrDefault(client);
        }
    }

    /// <summary>Gives back one slot taken by <see cref="TryTake"/>.</summary>
    public void Return(string client)
    {
        lock (_gate)
        {
            if (!_held.TryGetValue(client, out var held))
            {
                return;
            }

            if (held <= 1)
            {
                _held.Remove(client);
            }
            else
            {
                _held[client] = held - 1;
            }
        }
    }
}
