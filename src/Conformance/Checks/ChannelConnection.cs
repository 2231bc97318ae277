using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ComputeUtility.Conformance.Checks;

/// <summary>
/// The suite's end of a worker's WebSocket channel. It answers heartbeats with a zero-length text frame as a client
/// should (CU-CHAN-31) unless <see cref="AnswerHeartbeats"/> is off, and hands them to a check only when asked.
/// </summary>
internal sealed class ChannelConnection(ClientWebSocket socket, OpenApiEnvelopeValidator envelopes) : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[8 * 1024 * 1024];

    // A check may send from another task while frames are received (and heartbeats answered): one send at a time.
    private readonly SemaphoreSlim _sending = new(1, 1);

    public ClientWebSocket Socket => socket;

    public bool AnswerHeartbeats { get; set; } = true;

    public Task SendTextAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public Task SendBytesAsync(byte[] bytes) => SendAsync(bytes, WebSocketMessageType.Binary);

    /// <summary>The next frame other than a heartbeat; every envelope is validated against channel-event.schema.json (CU-CHAN-14).</summary>
    public async Task<ChannelFrame> ReceiveAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var frame = await ReceiveAnyAsync(timeout);
            if (frame.Kind != "heartbeat")
            {
                return frame;
            }
        }
    }

    /// <summary>The next frame, heartbeats included (answered first when <see cref="AnswerHeartbeats"/> is on).</summary>
    public async Task<ChannelFrame> ReceiveAnyAsync(TimeSpan? timeout = null)
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
        var frame = new ChannelFrame(root.GetProperty("type").GetString()!, root.TryGetProperty("id", out var id) ? id.GetInt64() : null,
            root.TryGetProperty("data", out var data) ? data : default, null, null, text);
        if (frame.Kind == "heartbeat" && AnswerHeartbeats && socket.State == WebSocketState.Open)
        {
            await SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text); // CU-CHAN-29: the answer, not a message
        }

        return frame;
    }

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type)
    {
        await _sending.WaitAsync();
        try
        {
            await socket.SendAsync(bytes, type, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
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
        _sending.Dispose();
    }
}
