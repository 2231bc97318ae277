using System.Diagnostics;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 1: one message at a time on one WebSocket to the echo worker: send <c>{"i":k}</c>, wait
/// for its reply envelope, repeat. Measures the whole server path (frame in → queue → guest →
/// event log → frame out) plus the client's own send/receive.
/// </summary>
internal sealed class RoundTripBench(UtilityClient client, int warmup, int measured)
{
    public async Task<ResultRow> RunAsync()
    {
        const string measure = "WebSocket round trip, echo, one connection (µs)";
        const string target = "p50 < 150 µs, p99 < 1 ms";
        using var deadline = new Deadline("row 1 (round trip)", TimeSpan.FromSeconds(120));
        await using var lease = await WorkerLease.CreateAsync(client, DemoPackage.Echo, deadline);
        using var channel = await deadline.Within(EchoChannel.OpenAsync(lease.Worker, deadline.Token), "opening the channel");
        var samples = new double[measured];
        var total = warmup + measured;
        for (var k = 1; k <= total; k++)
        {
            var started = Stopwatch.GetTimestamp();
            await channel.SendAsync(k, deadline.Token);
            var reply = await ReplyAsync(channel, k, deadline);
            if (reply.Count != k || reply.EchoedIndex != k)
            {
                throw new BenchFailure($"row 1: message {k} got reply count={reply.Count} i={reply.EchoedIndex}");
            }

            if (k > warmup)
            {
                samples[k - warmup - 1] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        }

        await channel.CloseAsync();
        var p = new Percentiles(samples);
        return new ResultRow("1", measure,
            $"p50 {p.P50:0} µs, p99 {p.P99:0} µs (max {p.Max:0}; n={p.Count} after {warmup} warm-up)",
            target, ResultRow.Check(p.P50 < 150 && p.P99 < 1_000));
    }

    /// <summary>Reads envelopes until the message reply: the first message also yields a log event, which is skipped (bounded: 4 frames).</summary>
    private static async Task<EchoEnvelope> ReplyAsync(EchoChannel channel, long k, Deadline deadline)
    {
        for (var frames = 0; frames < 4; frames++)
        {
            var envelope = await channel.ReceiveAsync(deadline.Token);
            switch (envelope.Kind)
            {
                case EnvelopeKind.Message:
                    return envelope;
                case EnvelopeKind.Log:
                    continue;
                default:
                    throw new BenchFailure($"row 1: message {k} got a '{envelope.Kind}' event instead of a reply");
            }
        }

        throw new BenchFailure($"row 1: no reply to message {k} within 4 frames");
    }
}
