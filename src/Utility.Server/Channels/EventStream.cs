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
        var worker = access.Authorize(context.Request, id, queryTokenAllowed: true);
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
        var pump = new EventPump(worker, heartbeats, new ServerSentEventSink(response.BodyWriter, heartbeats, stop.Token));
        try
        {
            await pump.RunAsync(after, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The client went away, or the utility is stopping: the stream just ends; the client resumes by id.
        }
    }
}
