using System.Buffers.Binary;

namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>A test's end of a worker's WebSocket channel.</summary>
internal sealed class ChannelClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[4 * 1024 * 1024];

    public WebSocket Socket => _socket;

    public static async Task<ChannelClient> ConnectAsync(Uri utility, CreatedWorker worker, string? token = null, long? lastEventId = null)
    {
        var client = new ChannelClient();
        var query = $"?access_token={Uri.EscapeDataString(token ?? worker.Token)}" + (lastEventId is { } id ? $"&lastEventId={id}" : "");
        var uri = new UriBuilder(utility) { Scheme = "ws", Path = $"/v1/workers/{worker.Id}/channel", Query = query }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client._socket.ConnectAsync(uri, timeout.Token);
        return client;
    }

    public Task SendJsonAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBytesAsync(byte[] bytes) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Receives the next frame other than a heartbeat: an envelope, a binary message, or the close.</summary>
    public async Task<Frame> ReceiveAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var frame = await ReceiveAnyAsync(timeout);
            if (frame.EventKind != "heartbeat")
            {
                return frame;
            }
        }
    }

    /// <summary>Receives the next frame, heartbeats (spec 9.4) included.</summary>
    public async Task<Frame> ReceiveAnyAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var (type, length, closeStatus) = await WebSocketMessage.ReceiveAsync(_socket, _buffer, cts.Token);
        return type switch
        {
            WebSocketMessageType.Close => new Frame("close", null, default, null, closeStatus),
            WebSocketMessageType.Binary => new Frame(EventKind: "binary", BinaryPrimitives.ReadInt64BigEndian(_buffer), default,
                _buffer.AsSpan(8, length - 8).ToArray(), null),
            _ => ParseEnvelope(_buffer.AsSpan(0, length)),
        };
    }

    /// <summary>Receives frames until one of <paramref name="kind"/> arrives.</summary>
    public async Task<Frame> ReceiveKindAsync(string kind, TimeSpan? timeout = null)
    {
        while (true)
        {
            var frame = await ReceiveAsync(timeout);
            if (frame.EventKind == kind || frame.EventKind == "close")
            {
                return frame;
            }
        }
    }

    private static Frame ParseEnvelope(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        return new Frame(root.GetProperty("type").GetString()!,
            root.TryGetProperty("id", out var id) ? id.GetInt64() : null, root.GetProperty("data").Clone(), null, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }

    internal sealed record Frame(string EventKind, long? Id, JsonElement Data, byte[]? Bytes, WebSocketCloseStatus? CloseStatus);
}
