using ComputeUtility.Server.Events;

namespace ComputeUtility.Server.Channels;

/// <summary>Where <see cref="EventPump"/> delivers a worker's events: a server-sent event stream or a WebSocket.</summary>
internal interface IEventSink
{
    /// <summary>Writes one event (a gap included); it may be held back until <see cref="FlushAsync"/>.</summary>
    ValueTask WriteAsync(ChannelEvent item);

    /// <summary>Sends what <see cref="WriteAsync"/> held back; after it, the events count as delivered.</summary>
    ValueTask FlushAsync();

    /// <summary>Sends the heartbeat that is due; false ends the delivery (a client silent for too long).</summary>
    ValueTask<bool> HeartbeatAsync();
}
