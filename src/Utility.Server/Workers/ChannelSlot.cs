namespace ComputeUtility.Server.Workers;

/// <summary>
/// The single WebSocket channel of a worker. A new channel takes the slot over (CU-CHAN-4): the handoff
/// is one atomic exchange, and the new lease waits for the old one to stop sending before it sends.
/// </summary>
internal sealed class ChannelSlot
{
    private readonly Lock _gate = new();
    private ChannelLease? _current;

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _current is not null;
            }
        }
    }

    /// <summary>Claims the slot, telling the channel that held it (if any) that it has been taken over.</summary>
    public ChannelLease TakeOver()
    {
        ChannelLease lease;
        ChannelLease? previous;
        lock (_gate)
        {
            previous = _current;
            lease = new ChannelLease(previous);
            _current = lease;
        }

        previous?.TakeOver();
        return lease;
    }

    /// <summary>Gives the slot back if the lease still holds it; a lease taken over leaves it to its successor.</summary>
    public void Release(ChannelLease lease)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_current, lease))
            {
                _current = null;
            }
        }

        lease.SendStopped();
    }
}
