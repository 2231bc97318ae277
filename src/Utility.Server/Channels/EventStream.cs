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
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(string id, HttpContext context, WorkerAccess access)
    {
        var worker = access.Authorize(context.Request, id);
        var after = ResumePoint.From(context.Request);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(context.RequestAborted);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        using var connected = worker.OpenStream();
        var batch = new List<ChannelEvent>(64);
        var writer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
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
                    var waited = worker.Events.WaitAsync(after, stop.Token);
                    if (await Task.WhenAny(waited, Task.Delay(KeepAlive, stop.Token)) != waited)
                    {
                        await response.Body.WriteAsync(": keep-alive\n\n"u8.ToArray(), stop.Token);
                        await response.Body.FlushAsync(stop.Token);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, or the utility is stopping: the stream just ends; the client resumes by id.
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
