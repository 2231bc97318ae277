using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace ComputeUtility.Discovery.Cli.NativeHost;

/// <summary>
/// Chrome's native messaging framing: each message is UTF-8 JSON after its length, 4 bytes little-endian.
/// Chrome sends at most 4 GiB and accepts at most 1 MiB from a host; this host reads at most <see cref="MaxIncoming"/>
/// (the extension sends only small requests), so a wrong length is an error before any allocation.
/// </summary>
internal static class NativeMessageFrames
{
    /// <summary>The largest message this host reads: its requests are a few dozen bytes.</summary>
    public const int MaxIncoming = 64 * 1024;

    /// <summary>The largest message Chrome accepts from a host.</summary>
    public const int MaxOutgoing = 1024 * 1024;

    /// <summary>Reads one message; null at the end of the stream between messages (the browser closed the port).</summary>
    /// <exception cref="NativeMessageFrameException">A length out of range, a stream that ends inside a message, or a body that is not a JSON object.</exception>
    public static async Task<JsonElement?> ReadAsync(Stream input, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        var got = await FillAsync(input, header, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        if (got < header.Length)
        {
            throw new NativeMessageFrameException($"the stream ended inside a length prefix ({got} of 4 bytes)");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length is 0 or > MaxIncoming)
        {
            throw new NativeMessageFrameException($"a message length of {length} bytes is out of range (1 to {MaxIncoming})");
        }

        var body = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            got = await FillAsync(input, body.AsMemory(0, (int)length), cancellationToken).ConfigureAwait(false);
            if (got < length)
            {
                throw new NativeMessageFrameException($"the stream ended inside a message ({got} of {length} bytes)");
            }

            try
            {
                using var document = JsonDocument.Parse(body.AsMemory(0, (int)length));
                return document.RootElement.ValueKind == JsonValueKind.Object
                    ? document.RootElement.Clone()
                    : throw new NativeMessageFrameException($"a message must be a JSON object, not {document.RootElement.ValueKind}");
            }
            catch (JsonException ex)
            {
                throw new NativeMessageFrameException($"a message of {length} bytes is not JSON: {ex.Message}");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>Writes <paramref name="message"/> as one frame and flushes it.</summary>
    /// <exception cref="NativeMessageFrameException">The message is larger than Chrome accepts from a host.</exception>
    public static async Task WriteAsync<T>(Stream output, T message, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, options);
        if (body.Length > MaxOutgoing)
        {
            throw new NativeMessageFrameException($"a message of {body.Length} bytes is larger than the {MaxOutgoing} Chrome accepts");
        }

        var header = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)body.Length);
        await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> FillAsync(Stream input, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await input.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
