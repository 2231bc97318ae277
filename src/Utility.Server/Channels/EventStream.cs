using System.Buffers;
using System.Text;
using ComputeUtility.Server.Events;
using ComputeUtility.Server.Faults;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Channels;

/// <summary>
/// Server-sent events of a worker: <c>id</c> is the event id, <c>event</c> its kind, <c>data</c>
/// its JSON. Resumes after <c>Last-Event-ID</c>; ends after the worker's exit event. A heartbeat without an id every
/// <c>limits.heartbeatIntervalMs</c> (CU-CHAN-28) tells the client, and any proxy, that the stream is alive.
/// </summary>
internal static class EventStream
{
    public static async Task StreamAsync(string id, HttpContext context, WorkerAccess access, TimeProvider time,
        IOptions<LimitsOptions> limits, FaultSwitch faults)
    {
        var worker = access.Authorize(context.Request, id);
        var after = ResumePoint.From(context.Request);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        // Timed from before the head is sent, so a client that has the head knows the first heartbeat is one interval on.
        using var heartbeats = new HeartbeatSchedule(time, TimeSpan.FromMilliseconds(limits.Value.HeartbeatIntervalMs),
            enabled: !faults.Is(Fault.NoHeartbeats));
        // Counted as open before the client can see the stream's head, so a client that has the head is a connected one.
        using var connected = worker.OpenStream();
        await response.Body.FlushAsync(context.RequestAborted);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        Task? waiting = null;
        var waitingAfter = 0L;
        var batch = new List<ChannelEvent>(64);
        var writer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                // Writes to a connection the client has left may complete quietly; the stream ends here instead.
                stop.Token.ThrowIfCancellationRequested();
                batch.Clear();
                var (gapFrom, gapTo) = worker.Events.Read(after, batch, 256);
                if (gapTo >= gapFrom)
                {
                    WriteEvent(writer, gapTo, EventKinds.Gap, EventPayloads.Gap(gapFrom, gapTo));
                }

                foreach (var item in batch)
                {
                    WriteEvent(writer, item.Id, item.Kind, item.Kind == EventKinds.Binary ? Base64Data(item.Data.Span) : item.Data.Span);
                    after = item.Id;
                }

                if (writer.WrittenCount > 0)
                {
                    worker.MarkActive(); // a reader counts as activity for the idle timer
                    await response.Body.WriteAsync(writer.WrittenMemory, stop.Token);
                    await response.Body.FlushAsync(stop.Token);
                    writer.ResetWrittenCount();
                    worker.Events.MarkRead(after);
                }

                if (batch.Count == 0 && worker.Events.IsCompleted && after >= worker.Events.LastId)
                {
                    return;
                }

                if (batch.Count == 0)
                {
                    // A wait a heartbeat interrupted is taken up again, not stacked on the log's signal.
                    if (waiting is not { IsCompleted: false } || waitingAfter != after)
                    {
                        (waiting, waitingAfter) = (worker.Events.WaitAsync(after, stop.Token), after);
                    }

                    await WaitForEventsOrHeartbeatAsync(waiting, heartbeats, stop.Token);
                }

                if (heartbeats.IsDue)
                {
                    HeartbeatFrames.WriteServerSentEvent(writer, heartbeats.Take());
                    await response.Body.WriteAsync(writer.WrittenMemory, stop.Token);
                    await response.Body.FlushAsync(stop.Token);
                    writer.ResetWrittenCount();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, or the utility is stopping: the stream just ends; the client resumes by id.
        }
    }

    /// <summary>
    /// Waits for the event log's signal or the next heartbeat. A client that left ends the wait with
    /// <see cref="OperationCanceledException"/>, never with an answer: a cancelled wait taken for "an event came" made
    /// the loop spin on a core for as long as the worker lived (CU-SEC-5).
    /// </summary>
    private static async Task WaitForEventsOrHeartbeatAsync(Task events, HeartbeatSchedule heartbeats, CancellationToken cancellationToken)
    {
        if (!events.IsCompleted)
        {
            await Task.WhenAny(events, heartbeats.Due);
        }

        if (events.IsCanceled)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private static byte[] Base64Data(ReadOnlySpan<byte> bytes) =>
        Encoding.UTF8.GetBytes($"{{\"base64\":\"{Convert.ToBase64String(bytes)}\"}}");

    private static void WriteEvent(ArrayBufferWriter<byte> writer, long? id, string kind, ReadOnlySpan<byte> json)
    {
        if (id is { } value)
        {
            writer.Write("id: "u8);
            writer.Write(Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            writer.Write("\n"u8);
        }

        writer.Write("event: "u8);
        writer.Write(Encoding.ASCII.GetBytes(kind));
        writer.Write("\n"u8);

        // A JSON value may contain line breaks (as whitespace); each line becomes its own data field.
        while (true)
        {
            var newline = json.IndexOfAny((byte)'\n', (byte)'\r');
            writer.Write("data: "u8);
            writer.Write(newline < 0 ? json : json[..newline]);
            writer.Write("\n"u8);
            if (newline < 0)
            {
                break;
            }

            json = json[(newline + 1)..];
        }

        writer.Write("\n"u8);
    }
}
