using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Json;
using ComputeUtility.Server.Hosting;
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

    public static async Task AcceptAsync(string id, HttpContext context, WorkerAccess access,
        IOptions<LimitsOptions> limits, ILogger<WebSocketChannel> logger)
    {
        var worker = access.Authorize(context.Request, id);
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
        if (!worker.TryOpenChannel())
        {
            throw new ProblemException(ProblemTypes.ChannelInUse, $"Worker {id} already has an open WebSocket channel.");
        }

        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            var session = new WebSocketSession(worker, socket, limits.Value.MaxMessageBytes, stop);
            await session.RunAsync(after);
            LogClosed(logger, id, session.CloseStatus);
        }
        finally
        {
            worker.CloseChannel();
        }
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Debug, Message = "Channel of worker {WorkerId} closed ({Status})")]
    private static partial void LogClosed(ILogger logger, string workerId, WebSocketCloseStatus? status);
}
