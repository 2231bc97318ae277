using System.Buffers;
using System.Net.WebSockets;
using ComputeUtility.Server.Messages;

namespace ComputeUtility.Server.Channels;

/// <summary>Heartbeats on the WebSocket (CU-CHAN-28) and the client's silence (CU-CHAN-30).</summary>
internal sealed partial class WebSocketSession
{
    /// <summary>Heartbeats sent since the client's last frame; the receive loop sets it back to 0.</summary>
    private int _unanswered;

    /// <summary>1 while the receive loop holds the client's frames back for a full queue: that time is not silence.</summary>
    private int _holdingBack;

    /// <summary>The wait for events that a heartbeat interrupted, taken up again rather than stacked on the log's signal.</summary>
    private Task? _eventsWait;
    private long _eventsWaitAfter;

    private void Heard() => Volatile.Write(ref _unanswered, 0);

    private async ValueTask AcceptHoldingBackAsync(byte[] payload, MessageKind kind)
    {
        var accepting = worker.AcceptAsync(payload, kind, stop.Token);
        if (accepting.IsCompletedSuccessfully)
        {
            return;
        }

        Volatile.Write(ref _holdingBack, 1);
        try
        {
            await accepting;
        }
        finally
        {
            Volatile.Write(ref _holdingBack, 0);
            Heard(); // frames the client sent meanwhile wait unread in TCP: it may well be alive
        }
    }

    /// <summary>Sends the due heartbeat; false (and the close 4002 set) when the last three went unanswered.</summary>
    private async ValueTask<bool> SendHeartbeatAsync(ArrayBufferWriter<byte> buffer)
    {
        var n = heartbeats.Take();
        if (Volatile.Read(ref _holdingBack) == 1)
        {
            Heard();
        }
        else if (Volatile.Read(ref _unanswered) >= HeartbeatSchedule.MissesAllowed)
        {
            _close ??= ((WebSocketCloseStatus)WebSocketChannel.Silent,
                $"no frame from the client for {HeartbeatSchedule.MissesAllowed} heartbeat intervals");
            return false;
        }

        buffer.ResetWrittenCount();
        HeartbeatFrames.WriteEnvelope(buffer, n);
        Interlocked.Increment(ref _unanswered);
        await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, stop.Token);
        return true;
    }

    /// <summary>Waits for an event after <paramref name="after"/>, the log's end, or the next heartbeat.</summary>
    private async Task WaitForEventsOrHeartbeatAsync(long after, CancellationToken waitToken)
    {
        if (_eventsWait is not { IsCompleted: false } || _eventsWaitAfter != after)
        {
            _eventsWait = worker.Events.WaitAsync(after, waitToken);
            _eventsWaitAfter = after;
        }

        var events = _eventsWait;
        if (!events.IsCompleted)
        {
            await Task.WhenAny(events, heartbeats.Due);
        }

        if (events.IsCanceled)
        {
            waitToken.ThrowIfCancellationRequested();
        }
    }
}
