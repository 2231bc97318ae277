using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ComputeUtility.Server.Channels;

/// <summary>
/// The fields of one server-sent event, written straight into a pooled buffer: <c>id</c>, <c>event</c>, then one
/// <c>data</c> line per line of the JSON. Nothing is allocated per event.
/// </summary>
internal static class ServerSentEvents
{
    public static void Write(IBufferWriter<byte> writer, long? id, string kind, ReadOnlySpan<byte> json)
    {
        WriteHead(writer, id, kind);

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

    /// <summary>A binary event: its bytes as <c>{"base64":"…"}</c>, encoded in place.</summary>
    public static void WriteBase64(IBufferWriter<byte> writer, long id, string kind, ReadOnlySpan<byte> bytes)
    {
        WriteHead(writer, id, kind);
        writer.Write("data: {\"base64\":\""u8);
        var span = writer.GetSpan(Base64.GetMaxEncodedToUtf8Length(bytes.Length));
        Base64.EncodeToUtf8(bytes, span, out _, out var written);
        writer.Advance(written);
        writer.Write("\"}\n\n"u8);
    }

    private static void WriteHead(IBufferWriter<byte> writer, long? id, string kind)
    {
        if (id is { } value)
        {
            writer.Write("id: "u8);
            var digits = writer.GetSpan(20);
            Utf8Formatter.TryFormat(value, digits, out var written);
            writer.Advance(written);
            writer.Write("\n"u8);
        }

        writer.Write("event: "u8);
        var name = writer.GetSpan(kind.Length);
        writer.Advance(Encoding.ASCII.GetBytes(kind, name));
        writer.Write("\n"u8);
    }
}
