namespace ComputeUtility.Client;

/// <summary>Which transport a <see cref="WorkerChannel"/> uses (spec section 9).</summary>
public enum ChannelTransport
{
    /// <summary>The WebSocket when it can be opened, else the HTTP fallback.</summary>
    Automatic,

    /// <summary>The WebSocket channel only.</summary>
    WebSocket,

    /// <summary>The HTTP fallback: <c>POST …/messages</c> to send, the event stream <c>GET …/events</c> to receive.</summary>
    EventStream,
}
