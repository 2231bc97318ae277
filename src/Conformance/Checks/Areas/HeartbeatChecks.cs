using System.Diagnostics;
using System.Net.WebSockets;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 9.4: heartbeats a browser can answer, and the close of a client that answers none.</summary>
internal static class HeartbeatChecks
{
    /// <summary>Past this interval a check would wait too long for a heartbeat; the suite stays quick.</summary>
    private const long LongestCheckedIntervalMs = 30_000;

    public static IEnumerable<Check> All()
    {
        yield return new Check("channel.heartbeat",
            "Channel connections get numbered heartbeats without an id; a zero-length text frame answers one and is not a message",
            "messaging", ["CU-CHAN-28", "CU-CHAN-29"], async c =>
            {
                var interval = IntervalOf(c);
                var patience = TimeSpan.FromMilliseconds(2 * interval) + TimeSpan.FromSeconds(5);
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                channel.AnswerHeartbeats = false;
                for (var n = 1; n <= 2; n++)
                {
                    var beat = await NextHeartbeatAsync(channel, patience);
                    Ensure.That(beat.Id is null, $"CU-CHAN-28: a heartbeat frame has an id: {beat.RawText}");
                    Ensure.Equal((long)n, beat.Data.GetProperty("n").GetInt64(), "CU-CHAN-28: the heartbeat's number on this connection");
                    await channel.Socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, true, CancellationToken.None);
                }

                await channel.SendTextAsync("""{"op":"count"}""");
                var reply = await channel.ReceiveKindAsync("message");
                Ensure.That(reply.Kind == "message", $"CU-CHAN-29: the channel closed after zero-length text frames ({reply.CloseStatus})");
                Ensure.Equal(1, reply.Data.GetProperty("count").GetInt32(), "CU-CHAN-29: messages the guest received (the answers are none)");
                var view = await c.SendAsync(HttpMethod.Get, worker.Path, token: worker.Token);
                Ensure.Equal(1L, view.Json.GetProperty("messagesIn").GetInt64(), "CU-CHAN-29: messagesIn after two answers and one message");

                using var events = await c.OpenEventsAsync(worker);
                for (var n = 1L; ; )
                {
                    var next = await events.NextAsync(patience, includeHeartbeats: true)
                        ?? throw new CheckFailed("CU-CHAN-28: the event stream ended");
                    if (next.Kind != "heartbeat")
                    {
                        continue; // the buffered events come first
                    }

                    Ensure.That(next.Id is null, "CU-CHAN-28: a heartbeat on the event stream has an id field");
                    Ensure.Equal(n, next.Json.GetProperty("n").GetInt64(), "CU-CHAN-28: the first heartbeat's number on the event stream");
                    break;
                }
            });

        yield return new Check("channel.heartbeat-silence",
            "A WebSocket client that sends nothing for 3 heartbeat intervals is closed with 4002; the worker runs on",
            "messaging", ["CU-CHAN-30"], async c =>
            {
                var interval = IntervalOf(c);
                if (4 * interval + 1000 >= c.Limit("idleTimeoutSeconds") * 1000)
                {
                    throw Ensure.NotApplicable($"the idle timeout ({c.Limit("idleTimeoutSeconds")} s) would end the worker before 3 silent intervals of {interval} ms");
                }

                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                channel.AnswerHeartbeats = false;
                var silent = Stopwatch.StartNew();
                var heartbeats = 0;
                ChannelFrame frame;
                while ((frame = await channel.ReceiveAnyAsync(TimeSpan.FromMilliseconds(5 * interval) + TimeSpan.FromSeconds(5))).Kind == "heartbeat")
                {
                    heartbeats++;
                }

                Ensure.That(frame.Kind == "close", $"CU-CHAN-30: expected the close, got {frame.Kind} {frame.RawText}");
                Ensure.Equal((WebSocketCloseStatus)4002, frame.CloseStatus, "CU-CHAN-30: the close code for a silent client");
                Ensure.That(silent.ElapsedMilliseconds >= 3 * interval * 9 / 10,
                    $"CU-CHAN-30: closed after {silent.ElapsedMilliseconds} ms and {heartbeats} heartbeat(s), before 3 intervals of {interval} ms");
                Ensure.Equal("running", (await c.SendAsync(HttpMethod.Get, worker.Path, token: worker.Token)).Json.GetProperty("state").GetString(),
                    "CU-CHAN-30: the worker after its silent channel was closed");
            }) { ExtraTime = d => 5 * Check.LimitMs(d, "heartbeatIntervalMs") }; // three silent intervals, and the close after them
    }

    private static long IntervalOf(CheckContext c)
    {
        var interval = c.Limit("heartbeatIntervalMs");
        return interval > LongestCheckedIntervalMs
            ? throw Ensure.NotApplicable($"heartbeatIntervalMs {interval} is too long to wait for in a check")
            : interval;
    }

    private static async Task<ChannelFrame> NextHeartbeatAsync(ChannelConnection channel, TimeSpan patience)
    {
        while (true)
        {
            var frame = await channel.ReceiveAnyAsync(patience);
            if (frame.Kind == "heartbeat")
            {
                return frame;
            }

            Ensure.That(frame.Kind != "close", $"CU-CHAN-28: the channel closed ({frame.CloseStatus}) before a heartbeat came");
        }
    }
}
