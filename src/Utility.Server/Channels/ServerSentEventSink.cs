using System.IO.Pipelines;
using ComputeUtility.Server.Events;

namespace ComputeUtility.Server.Channels;

/// <summary>Writes events into the response's own pooled pipe, and sends a batch with one flush.</summary>
internal sealed class ServerSentEventSink(PipeWriter body, HeartbeatSchedule heartbeats, CancellationToken cancellationToken) : IEventSink
{
    public ValueTask WriteAsync(ChannelEvent item)
    {
        if (item.Kind == EventKinds.Binary)
        {
            ServerSentEvents.WriteBase64(body, item.Id, item.Kind, item.Data.Span);
        }
        else
        {
            ServerSentEvents.Write(body, item.Id, item.Kind, item.Data.Span);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync() => await body.FlushAsync(cancellationToken);

    public async ValueTask<bool> HeartbeatAsync()
    {
        HeartbeatFrames.WriteServerSentEvent(body, heartbeats.Take());
        await body.FlushAsync(cancellationToken);
        return true;
    }
}
