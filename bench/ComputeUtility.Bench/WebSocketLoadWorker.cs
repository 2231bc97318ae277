namespace ComputeUtility.Bench;

/// <summary>
/// One worker of row 9's WebSocket phase: its own channel; a sender task sends <c>{"i":1..M}</c>
/// pipelined while this task reads the replies and checks their <c>count</c> runs 1..M.
/// Never throws for what it counts: a refused channel, an error event or a stall end up in the tally.
/// </summary>
internal sealed class WebSocketLoadWorker(CreatedWorker worker, int messages, LoadTally tally, StallWatchdog watchdog)
{
    public async Task RunAsync()
    {
        var replies = new ReplyTally(messages);
        EchoChannel channel;
        try
        {
            channel = await EchoChannel.OpenAsync(worker, watchdog.Token);
        }
        catch (HttpRequestException ex)
        {
            tally.CountRefusal((int?)ex.StatusCode ?? 0, $"worker {worker.Id}: {ex.Message}");
            Finish(replies);
            return;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            tally.CountRefusal(0, $"worker {worker.Id}: opening the channel: {ex.Message}");
            Finish(replies);
            return;
        }

        using (channel)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(watchdog.Token);
            var sender = Task.Run(() => SendAllAsync(channel, stop.Token));
            try
            {
                await ReceiveAsync(channel, replies, stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or BenchFailure)
            {
                if (ex is not OperationCanceledException)
                {
                    tally.CountRefusal(0, $"worker {worker.Id}: the channel failed after {replies.Received} replies: {ex.Message}");
                }
            }

            await stop.CancelAsync(); // a sender still blocked (the stream stalled) stops too
            try
            {
                await sender;
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // Counted through the replies that never came.
            }

            Finish(replies);
            await channel.CloseAsync();
        }
    }

    private async Task SendAllAsync(EchoChannel channel, CancellationToken cancellationToken)
    {
        for (var k = 1; k <= messages; k++)
        {
            // Counted as it is handed to the socket: the last send can still be completing when its reply has
            // arrived and the phase cancels the sender, which would otherwise leave it uncounted.
            tally.CountSent();
            await channel.SendAsync(k, cancellationToken);
        }
    }

    // Bounded: M replies plus a few log events.
    private async Task ReceiveAsync(EchoChannel channel, ReplyTally replies, CancellationToken cancellationToken)
    {
        for (var frames = 0; frames < messages + 16 && !replies.Complete; frames++)
        {
            var envelope = await channel.ReceiveAsync(cancellationToken);
            watchdog.Progress();
            if (!tally.Take(replies, envelope, worker.Id))
            {
                return;
            }
        }
    }

    private void Finish(ReplyTally replies)
    {
        replies.Finish();
        tally.Add(replies);
    }
}
