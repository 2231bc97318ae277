using System.Text.Json;
using ComputeUtility.Server.Faults;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Channels;

/// <summary>The HTTP fallback of the channel: POST a message, read replies as server-sent events.</summary>
internal static class MessageEndpoints
{
    public static void MapMessaging(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/workers/{id}/messages", PostAsync)
            .Produces(202).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(410)
            .ProducesProblem(413).ProducesProblem(415).ProducesProblem(429);
        var streams = app.ServiceProvider.GetRequiredService<EventStreamSlots>();
        app.MapGet("/v1/workers/{id}/events", EventStream.StreamAsync).AddEndpointFilter(streams)
            .Produces(200, contentType: "text/event-stream").ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);
        app.MapGet("/v1/workers/{id}/channel", WebSocketChannel.AcceptAsync).AddEndpointFilter(streams)
            .Produces(101).ProducesProblem(401).ProducesProblem(404).ProducesProblem(410)
            .ProducesProblem(426).ProducesProblem(429);
    }

    private static async Task<IResult> PostAsync(string id, HttpRequest request, WorkerAccess access,
        IOptions<LimitsOptions> limits, FaultSwitch faults, CancellationToken cancellationToken)
    {
        var worker = access.Authorize(request, id);
        MessageKind kind;
        if (JsonBody.IsJson(request.ContentType))
        {
            kind = MessageKind.Json;
        }
        else if (JsonBody.IsMediaType(request.ContentType, "application/octet-stream"))
        {
            kind = MessageKind.Binary;
        }
        else
        {
            throw new ProblemException(ProblemTypes.UnsupportedMediaType,
                "Send a message as application/json (a JSON value) or application/octet-stream (bytes).");
        }

        var cap = faults.Is(Fault.IgnoreMessageLimit) ? limits.Value.MaxRequestBodyBytes : limits.Value.MaxMessageBytes;
        var payload = await JsonBody.ReadCappedAsync(request, cap, cancellationToken);
        if (kind == MessageKind.Json)
        {
            EnsureJson(payload.Span);
        }

        if (!worker.TryAccept(payload, kind, out var sequence))
        {
            throw new ProblemException(ProblemTypes.TooManyMessages,
                    $"Worker {id} has {limits.Value.MaxQueuedMessages} messages waiting; retry after it catches up.")
                { RetryAfterSeconds = 1 }
                .With("limit", limits.Value.MaxQueuedMessages);
        }

        return Results.Json(new { sequence }, JsonDefaults.Options, statusCode: 202);
    }

    /// <summary>Throws invalid-request unless the bytes are exactly one JSON value.</summary>
    private static void EnsureJson(ReadOnlySpan<byte> payload)
    {
        if (!SingleJsonValue.Check(payload, out var error))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, $"The message is not accepted: {error}.");
        }
    }
}
