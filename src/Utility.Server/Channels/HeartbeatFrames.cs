using System.Buffers;
using System.Buffers.Text;

namespace ComputeUtility.Server.Channels;

/// <summary>
/// The bytes of heartbeat k (CU-CHAN-28), written into a caller's buffer: no event id, so neither the WebSocket
/// envelope nor the event stream's fields move a client's last event id.
/// </summary>
internal static class HeartbeatFrames
{
    /// <summary><c>{"type":"heartbeat","data":{"n":k}}</c>, a WebSocket text frame's payload.</summary>
    public static void WriteEnvelope(IBufferWriter<byte> writer, long n)
    {
        writer.Write("""{"type":"heartbeat","data":{"n":"""u8);
        WriteNumber(writer, n);
        writer.Write("}}"u8);
    }

    /// <summary><c>event: heartbeat</c> and <c>data: {"n":k}</c>, without an <c>id:</c> field.</summary>
    public static void WriteServerSentEvent(IBufferWriter<byte> writer, long n)
    {
        writer.Write("event: heartbeat\ndata: {\"n\":"u8);
        WriteNumber(writer, n);
        writer.Write("}\n\n"u8);
    }

    private static void WriteNumber(IBufferWriter<byte> writer, long n)
    {
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(n, span, out var written);
        writer.Advance(written);
    }
}
