using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Json;
using ComputeUtility.Server.Events;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Workers;

namespace ComputeUtility.Server.Channels;

/// <summary>One open WebSocket channel: a receive loop into the worker's queue and the event pump from its event log.</summary>
internal sealed partial class WebSocketSession(Worker worker, WebSocket socket, int maxMessageBytes, CancellationTokenSource stop, ChannelLease lease,
    HeartbeatSchedule heartbeats, TimeProvider time) : IEventSink
{
    /// <summary>How long a channel taken over may take to finish the frame it is sending before its socket is aborted.</summary>
    private static readonly TimeSpan TakeOverGrace = TimeSpan.FromSeconds(2);

    /// <summary>With the one byte that tells an over-long message apart, a receive buffer starts at one 4 KiB page.</summary>
    private const int InitialReceiveBytes = 4 * 1024 - 1;

    /// <summary>How long the client may take to answer the utility's close before its socket is aborted.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    /// <summary>The send side's buffer and writer for envelopes and heartbeats, reused for every frame; only the pump uses them.</summary>
    private readonly ArrayBufferWriter<byte> _envelope = new(4096);
    private Utf8JsonWriter? _json;

    private (WebSocketCloseStatus Status, string Reason)? _close;

    public WebSocketCloseStatus? CloseStatus => _close?.Status;

    public async Task RunAsync(long after)
    {
        // Socket operations are never cancelled (that aborts a WebSocket); only the send loop's
        // wait for new events is, when the client side ends first.
        using var sendStop = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, lease.TakenOver);

        // The channel this one took over stops sending first, so no event goes out on both.
        await lease.WaitForPredecessorAsync();
        var receive = ReceiveLoopAsync();
        var send = SendAndReleaseAsync(after, sendStop.Token);

        // A send stuck on a peer that no longer reads must not hold up the channel that took over.
        await using var abortIfStuck = lease.TakenOver.Register(() => _ = AbortUnlessStoppedAsync(send));
        if (await Task.WhenAny(receive, send) == send)
        {
            await ObserveAsync(send);
            await CloseAsync();
            if (await Task.WhenAny(receive, Task.Delay(CloseGrace, time)) != receive)
            {
                socket.Abort();
            }

            await ObserveAsync(receive);
            return;
        }

        await sendStop.CancelAsync();
        await ObserveAsync(send);
        await ObserveAsync(receive);
        await CloseAsync();
    }

    private async Task SendAndReleaseAsync(long after, CancellationToken waitToken)
    {
        try
        {
            await SendLoopAsync(after, waitToken);
        }
        finally
        {
            if (lease.IsTakenOver)
            {
                _close ??= ((WebSocketCloseStatus)WebSocketChannel.TakenOver, "taken over by a newer channel");
            }

            lease.SendStopped();
        }
    }

    private async Task AbortUnlessStoppedAsync(Task send)
    {
        if (await Task.WhenAny(send, Task.Delay(TakeOverGrace, time)) != send)
        {
            socket.Abort();
        }
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
        }
    }

    private async Task ReceiveLoopAsync()
    {
        // Small to start with and small again after a big message: every open channel holds its receive buffer while
        // it waits, and a pool keeps what it was given back (a hundred channels with 128 KiB each outlive their load).
        var small = Math.Min(maxMessageBytes, InitialReceiveBytes) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(small);
        try
        {
            // After the utility sent its close (taken over, worker ended), frames the client sent before it saw that close
            // are still read and accepted until its close answers ours: a message sent just before a takeover is not lost.
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    // Refused as soon as the fragments so far pass the limit, not when the message ends (or a pooled buffer fills).
                    if (length > maxMessageBytes)
                    {
                        _close ??= ((WebSocketCloseStatus)WebSocketChannel.TooBig, $"message larger than {maxMessageBytes} bytes");
                        return;
                    }

                    if (length == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxMessageBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    // The pool may hand out more than asked for: read no further than one byte past the limit.
                    var room = Math.Min(buffer.Length, maxMessageBytes + 1) - length;
                    // Never cancelled: a cancelled receive aborts the socket and drops frames that arrived but were not read yet
                    // (a message sent just before a takeover, whose client then hangs up). A socket that ends ends this read.
                    result = await socket.ReceiveAsync(buffer.AsMemory(length, room), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                Heard();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _close ??= (WebSocketCloseStatus.NormalClosure, "client closed");
                    return;
                }

                if (length > maxMessageBytes)
                {
                    _close ??= ((WebSocketCloseStatus)WebSocketChannel.TooBig, $"message larger than {maxMessageBytes} bytes");
                    return;
                }

                var kind = result.MessageType == WebSocketMessageType.Text ? MessageKind.Json : MessageKind.Binary;
                if (kind == MessageKind.Json && length == 0)
                {
                    continue; // the answer to a heartbeat: a sign of life, not a message (CU-CHAN-29)
                }

                var payload = buffer.AsSpan(0, length).ToArray();
                if (length < small && buffer.Length > 2 * small)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(small);
                }

                if (kind == MessageKind.Json && !SingleJsonValue.Is(payload))
                {
                    _close ??= ((WebSocketCloseStatus)WebSocketChannel.InvalidPayload, "a text frame must carry one JSON value");
                    return;
                }

                try
                {
                    await AcceptHoldingBackAsync(payload, kind);
                }
                catch (ProblemException)
                {
                    // The worker ended: the message is not accepted; the send loop delivers the exit event and closes.
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task SendLoopAsync(long after, CancellationToken waitToken)
    {
        if (await new EventPump(worker, heartbeats, this).RunAsync(after, waitToken))
        {
            _close ??= worker.ExitReason switch
            {
                ExitReasons.Failed => ((WebSocketCloseStatus)WebSocketChannel.InternalError, "worker failed"),
                ExitReasons.Shutdown => (WebSocketCloseStatus.EndpointUnavailable, "utility shutting down"),
                var reason => (WebSocketCloseStatus.NormalClosure, "worker ended: " + reason),
            };
        }
    }

    ValueTask IEventSink.WriteAsync(ChannelEvent item) =>
        item.Kind == EventKinds.Binary ? SendBinaryAsync(item) : SendEnvelopeAsync(item.Id, item.Kind, item.Data);

    ValueTask IEventSink.FlushAsync() => ValueTask.CompletedTask; // every frame went out as it was written

    ValueTask<bool> IEventSink.HeartbeatAsync() => SendHeartbeatAsync(_envelope);

    private ValueTask SendEnvelopeAsync(long id, string kind, ReadOnlyMemory<byte> data)
    {
        _envelope.ResetWrittenCount();
        var json = _json ??= new Utf8JsonWriter(_envelope);
        json.Reset();
        json.WriteStartObject();
        json.WriteNumber("id"u8, id);
        json.WriteString("type"u8, kind);
        json.WritePropertyName("data"u8);
        json.WriteRawValue(data.Span, skipInputValidation: true);
        json.WriteEndObject();
        json.Flush();
        return socket.SendAsync(_envelope.WrittenMemory, WebSocketMessageType.Text, true, stop.Token);
    }

    private async ValueTask SendBinaryAsync(ChannelEvent item)
    {
        var frame = ArrayPool<byte>.Shared.Rent(item.Data.Length + 8);
        try
        {
            BinaryPrimitives.WriteInt64BigEndian(frame, item.Id);
            item.Data.Span.CopyTo(frame.AsSpan(8));
            await socket.SendAsync(frame.AsMemory(0, item.Data.Length + 8), WebSocketMessageType.Binary, true, stop.Token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private async Task CloseAsync()
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        var (status, reason) = _close ?? (WebSocketCloseStatus.NormalClosure, "closed");
        try
        {
            await socket.CloseOutputAsync(status, reason, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }
}
