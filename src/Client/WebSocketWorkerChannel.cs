using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>
/// The WebSocket channel: text frames are envelopes <c>{"id","type","data"}</c>, binary frames an 8-byte event id and the
/// payload; heartbeats (no <c>id</c>) are answered with a zero-length text frame (CU-CHAN-31).
/// </summary>
internal sealed class WebSocketWorkerChannel : WorkerChannel
{
    /// <summary>The close code of a channel that a newer one of the same worker took over (CU-CHAN-4).</summary>
    private const int TakenOver = 4001;

    private readonly UtilityClient _client;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ArrayBufferWriter<byte> _frame = new(4096);
    private ClientWebSocket _socket;

    private WebSocketWorkerChannel(UtilityClient client, Worker worker, long? lastEventId, ClientWebSocket socket)
        : base(worker, lastEventId)
    {
        _client = client;
        _socket = socket;
    }

    public override ChannelTransport Transport => ChannelTransport.WebSocket;

    public static async Task<WebSocketWorkerChannel> OpenAsync(UtilityClient client, Worker worker, long? lastEventId, CancellationToken cancellationToken) =>
        new(client, worker, lastEventId, await ConnectAsync(worker, lastEventId, cancellationToken).ConfigureAwait(false));

    public override Task SendAsync(string json, CancellationToken cancellationToken = default) =>
        SendFrameAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, cancellationToken);

    public override Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        SendFrameAsync(bytes, WebSocketMessageType.Binary, cancellationToken);

    public override async IAsyncEnumerable<WorkerEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var failures = 0;
        while (true)
        {
            WorkerEvent? next;
            try
            {
                next = await ReceiveEventAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException && !cancellationToken.IsCancellationRequested)
            {
                next = null;
            }

            if (next is not null)
            {
                (LastEventId, failures) = (next.Id, 0);
                yield return next;
                if (next.IsExit)
                {
                    yield break;
                }

                continue;
            }

            if ((int?)_socket.CloseStatus == TakenOver)
            {
                // Another channel of this worker reads on; taking it back would only start a tug of war.
                yield break;
            }

            if (++failures > _client.MaxReconnectAttempts)
            {
                throw new IOException($"the channel of worker {Worker.Id} closed {failures} times in a row without an exit event");
            }

            await Task.Delay(_client.ReconnectDelay, _client.TimeProvider, cancellationToken).ConfigureAwait(false);
            await ReconnectAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, bounded.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Closing is a courtesy; the worker runs on either way (CU-WRK-16).
            }
        }

        _socket.Dispose();
        _sending.Dispose();
    }

    private static async Task<ClientWebSocket> ConnectAsync(Worker worker, long? lastEventId, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + worker.Token);
        socket.Options.CollectHttpResponseDetails = true;
        var uri = lastEventId is { } last
            ? new Uri(worker.Channel + (worker.Channel.Query.Length > 0 ? "&" : "?") + "lastEventId=" + last.ToString(CultureInfo.InvariantCulture))
            : worker.Channel;
        try
        {
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (WebSocketException) when ((int)socket.HttpStatusCode is >= 400 and not 426)
        {
            // The utility refused this worker's channel (401, 404, 410, 429): a fallback would be refused the same way.
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            throw ProblemAnswer.FromStatus(status, uri.AbsolutePath);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        ClientWebSocket socket;
        try
        {
            socket = await ConnectAsync(Worker, LastEventId, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
            return; // counted as a failure by the next receive, which finds the old socket closed
        }

        var old = _socket;
        _socket = socket;
        old.Dispose();
    }

    /// <summary>The next event, or null when the socket closed; heartbeats are answered on the way.</summary>
    private async Task<WorkerEvent?> ReceiveEventAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_socket.State != WebSocketState.Open)
            {
                return null;
            }

            _frame.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await ReceiveWatchedAsync(cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                _frame.Advance(result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                return WorkerEvent.FromBinaryFrame(_frame.WrittenSpan);
            }

            using var envelope = JsonDocument.Parse(_frame.WrittenMemory);
            var root = envelope.RootElement;
            var type = root.GetProperty("type").GetString() ?? "";
            if (root.TryGetProperty("id", out var id))
            {
                return new WorkerEvent(id.GetInt64(), type, root.TryGetProperty("data", out var data) ? data.Clone() : default);
            }

            if (type == ServerSentEvent.HeartbeatKind)
            {
                await SendFrameAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One receive; silence for 3 heartbeat intervals aborts the socket, which the reader then reopens (CU-CHAN-31).</summary>
    private async ValueTask<ValueWebSocketReceiveResult> ReceiveWatchedAsync(CancellationToken cancellationToken)
    {
        if (_client.HeartbeatInterval is not { } interval)
        {
            return await _socket.ReceiveAsync(_frame.GetMemory(4096), cancellationToken).ConfigureAwait(false);
        }

        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silence.CancelAfter(interval * 3);
        try
        {
            return await _socket.ReceiveAsync(_frame.GetMemory(4096), silence.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _socket.Abort();
            throw new WebSocketException($"the channel of worker {Worker.Id} was silent for 3 heartbeat intervals");
        }
    }

    private async Task SendFrameAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }
}
