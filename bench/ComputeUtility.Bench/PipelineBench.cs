using System.Diagnostics;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 2: throughput of one WebSocket, pipelined. A sender task sends N small JSON messages as
/// fast as the socket takes them (the server's bounded queue pushes back through TCP) while the
/// receiver counts replies and checks they are all there, in order.
/// </summary>
internal sealed class PipelineBench(UtilityClient client, int messages)
{
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(5);

    public async Task<ResultRow> RunAsync()
    {
        const string measure = "Messages/s, one WebSocket, pipelined echo";
        const string target = "≥ 50,000/s, none lost or reordered";
        using var deadline = new Deadline("row 2 (pipelined)", TimeSpan.FromSeconds(180));
        await using var lease = await WorkerLease.CreateAsync(client, DemoPackage.Echo, deadline);
        using var channel = await deadline.Within(EchoChannel.OpenAsync(lease.Worker, deadline.Token), "opening the channel");
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var tally = new ReplyTally(messages);
        long progress = 0;

        var started = Stopwatch.GetTimestamp();
        var sender = Task.Run(() => SendAllAsync(channel, stalled.Token));
        var watchdog = Task.Run(() => WatchAsync(() => Volatile.Read(ref progress), stalled));
        var stoppedByStall = false;
        try
        {
            // Bounded: N replies plus a few log events; a stall ends it early.
            for (var frames = 0; frames < messages + 16 && !tally.Complete; frames++)
            {
                var envelope = await channel.ReceiveAsync(stalled.Token);
                Volatile.Write(ref progress, frames + 1);
                switch (envelope.Kind)
                {
                    case EnvelopeKind.Message:
                        tally.Add(envelope);
                        break;
                    case EnvelopeKind.Gap:
                        tally.AddGap(envelope.Missed);
                        break;
                    case EnvelopeKind.Log:
                        break;
                    default:
                        throw new BenchFailure($"row 2: the worker sent a '{envelope.Kind}' event after {tally.Received} replies");
                }
            }
        }
        catch (OperationCanceledException) when (!deadline.Token.IsCancellationRequested)
        {
            stoppedByStall = true;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await stalled.CancelAsync(); // ends the watchdog (and the sender, if a stall left it blocked)
        await IgnoreCancellation(watchdog);
        if (!stoppedByStall)
        {
            await deadline.Within(sender, "finishing the sends");
        }

        await channel.CloseAsync();
        tally.Finish();
        var rate = tally.Received / elapsed.TotalSeconds;
        var clean = tally.Lost == 0 && tally.Reordered == 0 && tally.Mismatched == 0;
        var stall = stoppedByStall ? $"; STALLED: no frame for {StallLimit.TotalSeconds:0} s" : "";
        return new ResultRow("2", measure,
            $"{rate:N0} msg/s ({tally.Received:N0} of {messages:N0} in {elapsed.TotalSeconds:0.00} s); lost {tally.Lost}, reordered {tally.Reordered}, "
            + $"i≠count {tally.Mismatched}, gap events {tally.GapEvents}{stall}",
            target, ResultRow.Check(rate >= 50_000 && clean && !stoppedByStall));
    }

    private async Task SendAllAsync(EchoChannel channel, CancellationToken cancellationToken)
    {
        for (var k = 1; k <= messages; k++)
        {
            await channel.SendAsync(k, cancellationToken);
        }
    }

    /// <summary>Cancels the receive when no frame arrived for <see cref="StallLimit"/>: lost replies must not hang the run.</summary>
    private static async Task WatchAsync(Func<long> progress, CancellationTokenSource stalled)
    {
        var last = progress();
        var quietSince = Stopwatch.GetTimestamp();
        while (!stalled.IsCancellationRequested)
        {
            await Task.Delay(250, stalled.Token);
            var now = progress();
            if (now != last)
            {
                last = now;
                quietSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(quietSince) > StallLimit)
            {
                await stalled.CancelAsync();
            }
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Expected: the watchdog is stopped by cancelling it.
        }
    }
}
