using ComputeUtility.Server.Events;
using ComputeUtility.Server.Workers;

namespace ComputeUtility.Server.Channels;

/// <summary>
/// The one delivery loop of a worker's events, for both the event stream and the WebSocket: read after the last
/// delivered id, tell of a gap, hand the events to the sink, mark them read, then wait for more or for a heartbeat.
/// </summary>
internal sealed class EventPump(Worker worker, HeartbeatSchedule heartbeats, IEventSink sink)
{
    private const int BatchSize = 256;
    private readonly List<ChannelEvent> _batch = new(64);

    /// <summary>The wait for events that a heartbeat interrupted, taken up again rather than stacked on the log's signal.</summary>
    private Task? _waiting;
    private long _waitingAfter;

    /// <summary>
    /// Delivers events after <paramref name="after"/>. True once every event of an ended worker is delivered; false when
    /// the sink refused a heartbeat. A cancelled <paramref name="cancellationToken"/> ends it with OperationCanceledException.
    /// </summary>
    public async Task<bool> RunAsync(long after, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Writes to a connection the client has left may complete quietly; the delivery ends here instead.
            cancellationToken.ThrowIfCancellationRequested();
            _batch.Clear();
            var (gapFrom, gapTo) = worker.Events.Read(after, _batch, BatchSize);
            var gap = gapTo >= gapFrom;
            if (gap)
            {
                await sink.WriteAsync(new ChannelEvent(gapTo, EventKinds.Gap, EventPayloads.Gap(gapFrom, gapTo)));
            }

            foreach (var item in _batch)
            {
                await sink.WriteAsync(item);
                after = item.Id;
            }

            if (gap || _batch.Count > 0)
            {
                worker.MarkActive(); // a reader counts as activity for the idle timer
                await sink.FlushAsync();
                worker.Events.MarkRead(after);
            }

            if (_batch.Count == 0)
            {
                if (worker.Events.IsCompleted && after >= worker.Events.LastId)
                {
                    return true;
                }

                await WaitForEventsOrHeartbeatAsync(after, cancellationToken);
            }

            // Checked after every batch too, so a reply flood still carries heartbeats.
            if (heartbeats.IsDue && !await sink.HeartbeatAsync())
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Waits for the event log's signal or the next heartbeat. A client that left ends the wait with
    /// <see cref="OperationCanceledException"/>, never with an answer: a cancelled wait taken for "an event came" made
    /// the loop spin on a core for as long as the worker lived (CU-SEC-5).
    /// </summary>
    private async Task WaitForEventsOrHeartbeatAsync(long after, CancellationToken cancellationToken)
    {
        if (_waiting is not { IsCompleted: false } || _waitingAfter != after)
        {
            (_waiting, _waitingAfter) = (worker.Events.WaitAsync(after, cancellationToken), after);
        }

        var events = _waiting;
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
}
