using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Json;
using ComputeUtility.Server.Faults;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Logging;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Channels;

/// <summary>
/// The duplex channel of a worker. Client → utility: a text frame is one JSON message, a binary
/// frame is bytes. Utility → client: a text frame is an event envelope <c>{"id","type","data"}</c>;
/// a binary message is a binary frame of the 8-byte big-endian event id followed by the bytes.
/// A frame is read only when the worker's queue has room, so a fast sender is slowed by TCP.
/// </summary>
internal sealed partial class WebSocketChannel
{
    public const int PolicyViolation = 1008;
    public const int InvalidPayload = 1007;
    public const int TooBig = 1009;
    public const int InternalError = 1011;

    /// <summary>A newer channel with the worker's token took this one over (CU-CHAN-4); the client need not reconnect.</summary>
    public const int TakenOver = 4001;

    /// <summary>The client sent no frame for three heartbeat intervals (CU-CHAN-30); the worker runs on without a channel.</summary>
    public const int Silent = 4002;

    public static async Task AcceptAsync(string id, HttpContext context, WorkerAccess access,
        IOptions<LimitsOptions> limits, TimeProvider time, FaultSwitch faults, ILogger<WebSocketChannel> logger)
    {
        var worker = access.Authorize(context.Request, id, queryTokenAllowed: true);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw new ProblemException(ProblemTypes.WebSocketRequired,
                    "Open this resource as a WebSocket; for plain HTTP use .../messages and .../events.")
                { Headers = { ["Upgrade"] = "websocket" } };
        }

        if (worker.State != WorkerState.Running)
        {
            throw new ProblemException(ProblemTypes.WorkerGone,
                $"Worker {id} has ended; its remaining events can be read from {context.Request.Path.Value![..^"channel".Length]}events.");
        }

        var after = ResumePoint.From(context.Request);
        // Timed from before the handshake's answer, so a client that has the socket knows the first heartbeat is one interval on.
        using var heartbeats = new HeartbeatSchedule(time, TimeSpan.FromMilliseconds(limits.Value.HeartbeatIntervalMs),
            enabled: !faults.Is(Fault.NoHeartbeats));
        // In line before the client has its answer: a channel it opens next, once it has that answer, comes after this one
        // even if it claims the slot first (this claim waits for a thread on a busy machine, CU-CHAN-4).
        var reservation = worker.Channel.Reserve();
        using var socket = await context.WebSockets.AcceptWebSocketAsync();

        // Claimed once the socket is open, so a failed handshake never closes the channel it would replace.
        var lease = worker.TakeOverChannel(reservation);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            var session = new WebSocketSession(worker, socket, limits.Value.MaxMessageBytes, stop, lease, heartbeats, time);
            await session.RunAsync(after);
            LogClosed(logger, id, session.CloseStatus);
        }
        finally
        {
            worker.CloseChannel(lease);
        }
    }

    [LoggerMessage(EventId = LogEvents.ChannelClosed, Level = LogLevel.Debug, Message = "Channel of worker {WorkerId} closed ({Status})")]
    private static partial void LogClosed(ILogger logger, string workerId, WebSocketCloseStatus? status);
}
