using System.Buffers;
using System.Text;
using ComputeUtility.Server.Workers;

namespace ComputeUtility.Server.Channels;

/// <summary>
/// Server-sent events of a worker: <c>id</c> is the event id, <c>event</c> its kind, <c>data</c>
/// its JSON. Resumes after <c>Last-Event-ID</c>; ends after the worker's exit event.
/// </summary>
internal static class EventStream
{
    /// <summary>How long an idle stream waits before it sends a comment, so proxies and clients see it is alive.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private static readonly ReadOnlyMemory<byte> KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    public static async Task StreamAsync(string id, HttpContext context, WorkerAccess access, TimeProvider time)
    {
        var worker = access.Authorize(context.Request, id);
        var after = ResumePoint.From(context.Request);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        // Counted as open before the client can see the stream's head, so a client that has the head is a connected one.
        using var connected = worker.OpenStream();
        await response.Body.FlushAsync(context.RequestAborted);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
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

                if (batch.Count == 0 && !await WaitForEventsAsync(worker.Events, after, time, stop.Token))
                {
                    await response.Body.WriteAsync(KeepAliveComment, stop.Token);
                    await response.Body.FlushAsync(stop.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, or the utility is stopping: the stream just ends; the client resumes by id.
        }
    }

    /// <summary>
    /// Waits for an event after <paramref name="after"/> (or the log's end) for at most <see cref="KeepAlive"/>: true when
    /// one came, false when the keep-alive is due. A client that left ends the wait with
    /// <see cref="OperationCanceledException"/>, never with an answer: a cancelled wait taken for "an event came" made
    /// the loop spin on a core for as long as the worker lived (CU-SEC-5).
    /// </summary>
    private static async Task<bool> WaitForEventsAsync(EventLog events, long after, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await events.WaitAsync(after, CancellationToken.None).WaitAsync(KeepAlive, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
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
