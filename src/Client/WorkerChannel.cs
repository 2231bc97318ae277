namespace ComputeUtility.Client;

/// <summary>
/// A worker's channel: messages to the worker, its events back, on the WebSocket or the HTTP fallback.
/// Open it with <see cref="UtilityClient.OpenChannelAsync"/>. One reader and one sender may use it at once.
/// </summary>
public abstract class WorkerChannel : IAsyncDisposable
{
    private protected WorkerChannel(Worker worker, long? lastEventId)
    {
        Worker = worker;
        LastEventId = lastEventId;
    }

    /// <summary>The worker this channel talks to.</summary>
    public Worker Worker { get; }

    /// <summary>The transport in use: <see cref="ChannelTransport.WebSocket"/> or <see cref="ChannelTransport.EventStream"/>.</summary>
    public abstract ChannelTransport Transport { get; }

    /// <summary>The id of the last event read (a <c>gap</c> counts as its <c>to</c>), from which a reconnection resumes.</summary>
    public long? LastEventId { get; private protected set; }

    /// <summary>Sends a message of JSON text (kind 0).</summary>
    public abstract Task SendAsync(string json, CancellationToken cancellationToken = default);

    /// <summary>Sends a binary message (kind 1).</summary>
    public abstract Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default);

    /// <summary>
    /// The worker's events, in id order, up to and including <c>exit</c>. A connection lost before <c>exit</c> is reopened
    /// after <see cref="LastEventId"/>; heartbeats are answered and not returned.
    /// </summary>
    public abstract IAsyncEnumerable<WorkerEvent> ReadEventsAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
