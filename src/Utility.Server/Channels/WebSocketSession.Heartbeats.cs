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
}
