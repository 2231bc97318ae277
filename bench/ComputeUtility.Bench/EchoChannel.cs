using System.Buffers.Text;

namespace ComputeUtility.Bench;

/// <summary>
/// The WebSocket channel of one echo worker: sends <c>{"i":k}</c> text frames and reads reply
/// envelopes into one reusable buffer (no per-message allocation on the measured path).
/// Send and receive may run on two tasks at once (one of each), as ClientWebSocket allows.
/// </summary>
internal sealed class EchoChannel : IDisposable
{
    private const int MaxEnvelopeBytes = 64 * 1024;
    private readonly ClientWebSocket _socket;
    private readonly byte[] _sendBuffer = new byte[32];
    private readonly byte[] _receiveBuffer = new byte[MaxEnvelopeBytes];

    private EchoChannel(ClientWebSocket socket) => _socket = socket;

    public static async Task<EchoChannel> OpenAsync(CreatedWorker worker, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.Proxy = null; // loopback only: never through an HTTP proxy from the environment
        socket.Options.SetRequestHeader("Authorization", "Bearer " + worker.Token);
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // pings would add frames to the measured stream
        socket.Options.CollectHttpResponseDetails = true; // a refused upgrade then says which status it got
        try
        {
            await socket.ConnectAsync(worker.ChannelUrl, cancellationToken);
        }
        catch (WebSocketException ex) when (socket.HttpStatusCode != 0)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new HttpRequestException($"opening the channel: the server answered {(int)status} instead of 101", ex, status);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new EchoChannel(socket);
    }

    /// <summary>Sends the JSON text frame <c>{"i":index}</c>.</summary>
    public ValueTask SendAsync(long index, CancellationToken cancellationToken)
    {
        var head = "{\"i\":"u8;
        head.CopyTo(_sendBuffer);
        Utf8Formatter.TryFormat(index, _sendBuffer.AsSpan(head.Length), out var digits);
        _sendBuffer[head.Length + digits] = (byte)'}';
        return _socket.SendAsync(_sendBuffer.AsMemory(0, head.Length + digits + 1), WebSocketMessageType.Text, true, cancellationToken);
    }

    /// <summary>Reads the next text envelope; a close frame or a binary frame is a failure here (echo of text never answers binary).</summary>
    public async ValueTask<EchoEnvelope> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _receiveBuffer.Length)
            {
                throw new BenchFailure($"an envelope was larger than {MaxEnvelopeBytes} bytes");
            }

            var result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new BenchFailure($"the server closed the channel ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
            }

            if (result.MessageType != WebSocketMessageType.Text)
            {
                throw new BenchFailure("unexpected binary frame from the echo worker");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                // A heartbeat (spec 9.4) is not an event: skipped, not answered, as the measured channels send all the while.
                var envelope = EchoEnvelope.Parse(_receiveBuffer.AsSpan(0, length));
                if (envelope.Kind == EnvelopeKind.Heartbeat)
                {
                    length = 0;
                    continue;
                }

                return envelope;
            }
        }
    }

    /// <summary>Closes politely, but never waits more than two seconds for the server's close frame.</summary>
    public async Task CloseAsync()
    {
        if (_socket.State != WebSocketState.Open)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bench done", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The measurement is over; a late close is not worth failing the run.
        }
    }

    public void Dispose() => _socket.Dispose();
}
