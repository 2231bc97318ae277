using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ComputeUtility.Conformance.Checks;

/// <summary>The suite's end of a worker's WebSocket channel.</summary>
internal sealed class ChannelConnection(ClientWebSocket socket, OpenApiEnvelopeValidator envelopes) : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[8 * 1024 * 1024];

    public ClientWebSocket Socket => socket;

    public Task SendTextAsync(string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBytesAsync(byte[] bytes) =>
        socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>The next frame; every envelope is validated against channel-event.schema.json (CU-CHAN-14).</summary>
    public async Task<ChannelFrame> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var length = 0;
        WebSocketReceiveResult result;
        try
        {
            do
            {
                if (length == _buffer.Length)
                {
                    throw new CheckFailed("a WebSocket message from the utility was larger than 8 MiB");
                }

                result = await socket.ReceiveAsync(new ArraySegment<byte>(_buffer, length, _buffer.Length - length), cts.Token);
                length += result.Count;
            }
            while (!result.EndOfMessage);
        }
        catch (OperationCanceledException)
        {
            throw new CheckFailed($"no frame arrived on the channel within {(timeout ?? TimeSpan.FromSeconds(15)).TotalSeconds} s");
        }
        catch (WebSocketException ex)
        {
            throw new CheckFailed($"the channel broke without a close frame: {ex.Message}");
        }

        if (result.MessageType == WebSocketMessageType.Close)
        {
            return new ChannelFrame("close", null, default, null, result.CloseStatus, result.CloseStatusDescription);
        }

        if (result.MessageType == WebSocketMessageType.Binary)
        {
            Ensure.That(length >= 8, "CU-CHAN-15: a binary frame must start with the 8-byte event id");
            return new ChannelFrame("binary", BinaryPrimitives.ReadInt64BigEndian(_buffer), default, _buffer.AsSpan(8, length - 8).ToArray(), null, null);
        }

        var text = Encoding.UTF8.GetString(_buffer, 0, length);
        envelopes.Validate(text);
        var root = JsonDocument.Parse(text).RootElement.Clone();
        return new ChannelFrame(root.GetProperty("type").GetString()!, root.TryGetProperty("id", out var id) ? id.GetInt64() : null,
            root.TryGetProperty("data", out var data) ? data : default, null, null, text);
    }

    /// <summary>Frames until one of <paramref name="kind"/> (or the close) arrives.</summary>
    public async Task<ChannelFrame> ReceiveKindAsync(string kind, TimeSpan? timeout = null)
    {
        for (var i = 0; i < 100_000; i++)
        {
            var frame = await ReceiveAsync(timeout);
            if (frame.Kind == kind || frame.Kind == "close")
            {
                return frame;
            }
        }

        throw new CheckFailed($"no '{kind}' frame among 100,000 frames");
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        socket.Dispose();
    }
}
