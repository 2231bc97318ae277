namespace ComputeUtility.Server.Workers;

/// <summary>
/// The single WebSocket channel of a worker. A new channel takes the slot over (CU-CHAN-4): the handoff
/// is one atomic exchange, and the new lease waits for the old one to stop sending before it sends. Channels are
/// ordered by when their handshake began (<see cref="Reserve"/>), not by when they claim the slot after it: the client
/// may open the next channel as soon as it has the first one's answer, before the first has claimed anything.
/// </summary>
internal sealed class ChannelSlot
{
    private readonly Lock _gate = new();
    private ChannelLease? _current;
    private long _reserved;
    private long _newestClaim;

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

    /// <summary>A channel's place in line, taken before its handshake is answered.</summary>
    public long Reserve() => Interlocked.Increment(ref _reserved);

    /// <summary>Reserves and claims at once.</summary>
    public ChannelLease TakeOver() => TakeOver(Reserve());

    /// <summary>
    /// Claims the slot, telling the channel that held it (if any) that it has been taken over. A channel that claims
    /// after a newer one (by <paramref name="reservation"/>) already did gets a lease taken over from the start.
    /// </summary>
    public ChannelLease TakeOver(long reservation)
    {
        ChannelLease lease;
        ChannelLease? previous;
        lock (_gate)
        {
            if (reservation < _newestClaim)
            {
                lease = new ChannelLease(null);
                lease.TakeOver();
                return lease;
            }

            _newestClaim = reservation;
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
