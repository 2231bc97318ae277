using System.Net.WebSockets;
using System.Text;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 9: the channel — WebSocket and the HTTP fallback.</summary>
internal static class ChannelChecks
{
    public static IEnumerable<Check> All()
    {
        yield return new Check("channel.open", "The channel opens with the token as Authorization header or access_token", "messaging",
            ["CU-CHAN-1", "CU-CHAN-3"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using (var byQuery = await c.ConnectAsync(worker))
                {
                    Ensure.Equal(WebSocketState.Open, byQuery.Socket.State, "CU-CHAN-1: channel by access_token");
                }

                await Task.Delay(100);
                await using var byHeader = await c.ConnectAsync(worker, viaHeader: true);
                Ensure.Equal(WebSocketState.Open, byHeader.Socket.State, "CU-CHAN-3: channel by Authorization header");
                using var events = await c.OpenEventsAsync(worker, viaQuery: true);
            });

        yield return new Check("channel.upgrade-required", "A plain GET of the channel gets 426 with Upgrade: websocket", "messaging",
            ["CU-CHAN-2"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                var answer = await c.SendAsync(HttpMethod.Get, worker.Path + "/channel", token: worker.Token);
                answer.ExpectProblem("websocket-required", 426);
                Ensure.That(string.Equals(answer.Header("Upgrade"), "websocket", StringComparison.OrdinalIgnoreCase),
                    "CU-CHAN-2: 426 needs Upgrade: websocket");
            });

        yield return new Check("channel.takeover",
            "A second channel with the token takes over: the first closes with 4001, the second resumes with no event lost or repeated; without the token, 401",
            "messaging", ["CU-CHAN-4", "CU-CHAN-5"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var first = await c.ConnectAsync(worker);
                Ensure.Equal(401, await c.TryConnectAsync(worker, "not-the-token"), "CU-CHAN-5: a second channel without the token");
                await first.SendTextAsync("1");
                var one = await first.ReceiveKindAsync("message");
                await first.SendTextAsync("2");
                var two = await first.ReceiveKindAsync("message");
                Ensure.Equal(1L, one.Id, "CU-CHAN-13: the first event id");
                Ensure.Equal(2L, two.Id, "CU-CHAN-5: the first channel after a refused request without the token");

                // The client took event 2 off the old socket but never processed it: it resumes after event 1.
                await using var second = await c.ConnectAsync(worker, lastEventId: one.Id);
                var close = await first.ReceiveKindAsync("close");
                Ensure.Equal((WebSocketCloseStatus)4001, close.CloseStatus, "CU-CHAN-4: the close code of the channel taken over");
                await second.SendTextAsync("3");
                for (var id = 2L; id <= 3; id++)
                {
                    var frame = await second.ReceiveAsync();
                    Ensure.That(frame.Kind == "message", $"CU-CHAN-4: expected the reply with id {id} on the new channel, got {frame.Kind} {frame.RawText}");
                    Ensure.Equal(id, frame.Id, "CU-CHAN-4: event id on the new channel (none lost, none repeated)");
                    Ensure.Equal((int)id, frame.Data.GetInt32(), "CU-CHAN-4: the reply on the new channel");
                }
            });

        yield return new Check("channel.binary", "A binary message comes back as a binary frame led by its 8-byte event id", "messaging",
            ["CU-CHAN-6", "CU-CHAN-15"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                var bytes = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
                await channel.SendBytesAsync(bytes);
                var frame = await channel.ReceiveKindAsync("binary");
                Ensure.That(frame.Bytes!.SequenceEqual(bytes), "CU-CHAN-15: the payload after the event id differs");
                Ensure.That(frame.Id >= 1, "CU-CHAN-15: the event id must be positive");
            });

        yield return new Check("channel.invalid-json", "A text frame that is not JSON closes the channel with 1007; the worker runs on", "messaging",
            ["CU-CHAN-7"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using (var channel = await c.ConnectAsync(worker))
                {
                    await channel.SendTextAsync("{not json");
                    var close = await channel.ReceiveKindAsync("close");
                    Ensure.Equal((WebSocketCloseStatus)1007, close.CloseStatus, "CU-CHAN-7: close code");
                }

                Ensure.Equal("running", (await c.SendAsync(HttpMethod.Get, worker.Path, token: worker.Token)).Json.GetProperty("state").GetString(),
                    "CU-CHAN-7: the worker after the refused frame");
            });

        yield return new Check("channel.too-large", "A frame over limits.maxMessageBytes closes the channel with 1009", "messaging", ["CU-CHAN-8"], async c =>
        {
            var max = c.Limit("maxMessageBytes");
            if (max > 32 * 1024 * 1024)
            {
                throw Ensure.NotApplicable($"maxMessageBytes {max} is too large to exceed in a check");
            }

            var worker = await c.CreateWorkerAsync(c.Package("probe"));
            await using var channel = await c.ConnectAsync(worker);
            try
            {
                await channel.SendBytesAsync(new byte[max + 1]);
            }
            catch (WebSocketException)
            {
                // The utility may close while the frame is still being sent; the close code is what counts.
            }

            var close = await channel.ReceiveKindAsync("close");
            Ensure.Equal((WebSocketCloseStatus)1009, close.CloseStatus, "CU-CHAN-8: close code");
        });

        yield return new Check("channel.sequence", "Accepted messages are numbered 1, 2, … across both transports", "messaging",
            ["CU-CHAN-9", "CU-CHAN-12"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                Ensure.Equal(1, (await c.PostMessageAsync(worker, "1")).Expect(202).Json.GetProperty("sequence").GetInt32(), "CU-CHAN-12: first sequence");
                Ensure.Equal(2, (await c.PostMessageAsync(worker, "2")).Expect(202).Json.GetProperty("sequence").GetInt32(), "CU-CHAN-12: second sequence");
                await using (var channel = await c.ConnectAsync(worker))
                {
                    await channel.SendTextAsync("""{"op":"count"}""");
                    var count = -1;
                    for (var i = 0; i < 10 && count < 0; i++)
                    {
                        // The stream starts with the echoes of the two posted messages; the counter reply follows them.
                        var frame = await channel.ReceiveKindAsync("message");
                        if (frame.Data.ValueKind == System.Text.Json.JsonValueKind.Object)
                        {
                            count = frame.Data.GetProperty("count").GetInt32();
                        }
                    }

                    Ensure.Equal(3, count, "CU-CHAN-9: the WebSocket message's number");
                }

                var bytes = new ByteArrayContent([1, 2, 3]);
                bytes.Headers.ContentType = new("application/octet-stream");
                Ensure.Equal(4, (await c.SendAsync(HttpMethod.Post, worker.Path + "/messages", bytes, worker.Token)).Expect(202).Json.GetProperty("sequence").GetInt32(),
                    "CU-CHAN-9: the sequence after a WebSocket message");
            });

        yield return new Check("channel.order", "A thousand pipelined messages come back in order, ids consecutive from 1", "messaging",
            ["CU-CHAN-10", "CU-CHAN-13", "CU-CHAN-14", "CU-CHAN-26"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                var sending = Task.Run(async () =>
                {
                    for (var i = 1; i <= 1000; i++)
                    {
                        await channel.SendTextAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                });
                long expectedId = 1;
                for (var i = 1; i <= 1000; i++)
                {
                    var frame = await channel.ReceiveAsync();
                    Ensure.That(frame.Kind == "message", $"CU-CHAN-10: expected message {i}, got {frame.Kind} {frame.RawText}");
                    Ensure.Equal(expectedId++, frame.Id, "CU-CHAN-13: event id");
                    Ensure.Equal(i, frame.Data.GetInt32(), "CU-CHAN-10: message order");
                }

                await sending;
            });

        yield return new Check("channel.concurrent-senders", "Messages from concurrent senders are delivered in the order of their sequence numbers",
            "messaging", ["CU-CHAN-10", "CU-CHAN-12"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                var bySequence = new System.Collections.Concurrent.ConcurrentDictionary<int, string>();
                await Task.WhenAll(Enumerable.Range(0, 6).Select(sender => Task.Run(async () =>
                {
                    for (var i = 0; i < 30; i++)
                    {
                        var body = $"\"{sender}-{i}\"";
                        var sequence = (await c.PostMessageAsync(worker, body)).Expect(202).Json.GetProperty("sequence").GetInt32();
                        Ensure.That(bySequence.TryAdd(sequence, body.Trim('"')), $"CU-CHAN-12: sequence {sequence} given twice");
                    }
                })));
                Ensure.That(bySequence.Keys.Order().SequenceEqual(Enumerable.Range(1, 180)), "CU-CHAN-12: sequences are not 1..180");
                using var events = await c.OpenEventsAsync(worker);
                for (var n = 1; n <= 180; n++)
                {
                    var next = await events.NextAsync() ?? throw new CheckFailed("the event stream ended early");
                    Ensure.Equal(bySequence[n], next.Json.GetString(), $"CU-CHAN-10: reply {n} (by sequence number)");
                }
            });

        yield return new Check("channel.post-refusals", "POST refuses non-JSON with 400, oversize with 413, a full queue with 429 + Retry-After",
            "messaging", ["CU-CHAN-11", "CU-ERR-6"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                (await c.PostMessageAsync(worker, "{oops")).ExpectProblem("invalid-request", 400);
                var max = c.Limit("maxMessageBytes");
                if (max <= 32 * 1024 * 1024)
                {
                    var big = new ByteArrayContent(new byte[max + 1]);
                    big.Headers.ContentType = new("application/octet-stream");
                    (await c.SendAsync(HttpMethod.Post, worker.Path + "/messages", big, worker.Token, r => r.Headers.ExpectContinue = true))
                        .ExpectProblem("message-too-large", 413);
                }

                var queue = c.Limit("maxQueuedMessages");
                if (queue > 5000 || c.Limit("messageDeadlineMs") < 1000)
                {
                    throw Ensure.NotApplicable($"maxQueuedMessages {queue} is too many to fill within the deadline");
                }

                // The worker spins until its deadline; meanwhile its queue fills.
                (await c.PostMessageAsync(worker, """{"op":"spin"}""")).Expect(202);
                for (var i = 0; i <= queue + 1; i++)
                {
                    var answer = await c.PostMessageAsync(worker, "1");
                    if (answer.Code == 429)
                    {
                        answer.ExpectProblem("too-many-messages", 429);
                        Ensure.That(answer.Header("Retry-After") is not null, "CU-ERR-6: 429 needs Retry-After");
                        return;
                    }

                    if (answer.Code == 410)
                    {
                        throw Ensure.NotApplicable("the deadline ended the worker before its queue filled");
                    }

                    answer.Expect(202);
                }

                throw new CheckFailed($"CU-CHAN-11: {queue + 2} messages were accepted with maxQueuedMessages {queue}");
            });

        yield return new Check("channel.event-stream", "The event stream carries id, event and data; binary messages as base64", "messaging",
            ["CU-CHAN-16", "CU-CHAN-18"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                (await c.PostMessageAsync(worker, """{"x":1}""")).Expect(202);
                var bytes = new ByteArrayContent([9, 8, 7]);
                bytes.Headers.ContentType = new("application/octet-stream");
                (await c.SendAsync(HttpMethod.Post, worker.Path + "/messages", bytes, worker.Token)).Expect(202);
                using var events = await c.OpenEventsAsync(worker);
                var first = await events.NextAsync() ?? throw new CheckFailed("the event stream ended");
                Ensure.Equal("1", first.Id, "CU-CHAN-18: a stream without a last id starts at the oldest event");
                Ensure.Equal("message", first.Kind, "CU-CHAN-16: event kind");
                Ensure.Equal(1, first.Json.GetProperty("x").GetInt32(), "CU-CHAN-16: data");
                var second = await events.NextAsync() ?? throw new CheckFailed("the event stream ended");
                Ensure.Equal("binary", second.Kind, "CU-CHAN-16: kind of a binary message");
                Ensure.That(Convert.FromBase64String(second.Json.GetProperty("base64").GetString()!).SequenceEqual(new byte[] { 9, 8, 7 }),
                    "CU-CHAN-16: base64 data of the binary message");
            });

        yield return new Check("channel.resume", "Streams resume after Last-Event-ID or lastEventId without repeats", "messaging",
            ["CU-CHAN-17"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                for (var i = 1; i <= 5; i++)
                {
                    (await c.PostMessageAsync(worker, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).Expect(202);
                }

                using (var byHeader = await c.OpenEventsAsync(worker, lastEventId: "2"))
                {
                    var next = await byHeader.NextAsync() ?? throw new CheckFailed("the stream ended");
                    Ensure.Equal("3", next.Id, "CU-CHAN-17: first id after Last-Event-ID 2");
                }

                using var byQuery = await c.OpenEventsAsync(worker, lastEventIdQuery: "4");
                var after = await byQuery.NextAsync() ?? throw new CheckFailed("the stream ended");
                Ensure.Equal("5", after.Id, "CU-CHAN-17: first id after lastEventId=4");
                await using var channel = await c.ConnectAsync(worker, lastEventId: 3);
                var frame = await channel.ReceiveAsync();
                Ensure.Equal(4L, frame.Id, "CU-CHAN-17: first WebSocket event after lastEventId=3");
            });

        yield return new Check("channel.gap", "Events that left the buffer are reported with a gap event", "messaging",
            ["CU-CHAN-19", "CU-CHAN-20", "CU-CHAN-18"], async c =>
            {
                var buffer = c.Limit("eventBufferEvents");
                if (buffer > 50_000)
                {
                    throw Ensure.NotApplicable($"eventBufferEvents {buffer} is too many to overflow in a check");
                }

                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                var flood = buffer + 50;
                (await c.PostMessageAsync(worker, $$"""{"op":"flood","n":{{flood}},"size":4}""")).Expect(202);
                await Task.Delay(500);
                using var events = await c.OpenEventsAsync(worker);
                var first = await events.NextAsync() ?? throw new CheckFailed("the stream ended");
                Ensure.Equal("gap", first.Kind, "CU-CHAN-18: the first event when the oldest left the buffer");
                var gap = first.Json;
                var from = gap.GetProperty("from").GetInt64();
                var to = gap.GetProperty("to").GetInt64();
                Ensure.Equal(1L, from, "CU-CHAN-20: gap.from");
                Ensure.Equal(to - from + 1, gap.GetProperty("missed").GetInt64(), "CU-CHAN-20: gap.missed");
                Ensure.Equal(to.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Id, "CU-CHAN-20: the gap event's id");
                var next = await events.NextAsync() ?? throw new CheckFailed("the stream ended");
                Ensure.Equal((to + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), next.Id, "CU-CHAN-19: the event after the gap");
                Ensure.That(flood + 1 - to <= buffer, $"CU-CHAN-19: {flood + 1 - to} events were kept, more than eventBufferEvents {buffer}");
            });

        yield return new Check("channel.exit-ends-streams", "After exit the WebSocket closes with 1000 and event streams complete", "messaging",
            ["CU-CHAN-22"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                using var events = await c.OpenEventsAsync(worker);
                (await c.SendAsync(HttpMethod.Delete, worker.Path, token: worker.Token)).Expect(204);
                var exit = await channel.ReceiveKindAsync("exit");
                Ensure.Equal("terminated", exit.Data.GetProperty("reason").GetString(), "CU-CHAN-22: exit reason");
                var close = await channel.ReceiveAsync();
                Ensure.Equal("close", close.Kind, "CU-CHAN-22: nothing may follow exit");
                Ensure.Equal(WebSocketCloseStatus.NormalClosure, close.CloseStatus, "CU-CHAN-22: close code after terminated");
                await WorkerChecks.LastEventAsync(events);
                Ensure.That(await events.NextAsync(TimeSpan.FromSeconds(5)) is null, "CU-CHAN-22: the event stream must complete after exit");
            });

        yield return new Check("channel.ended-stream", "The event stream of an ended worker replays its events up to exit", "messaging",
            ["CU-CHAN-24"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                (await c.PostMessageAsync(worker, "\"last words\"")).Expect(202);
                await Task.Delay(200);
                (await c.SendAsync(HttpMethod.Delete, worker.Path, token: worker.Token)).Expect(204);
                using var events = await c.OpenEventsAsync(worker);
                var first = await events.NextAsync() ?? throw new CheckFailed("the stream ended at once");
                Ensure.Equal("last words", first.Json.GetString(), "CU-CHAN-24: the buffered message");
                await WorkerChecks.LastEventAsync(events);
            });

        yield return new Check("channel.credential-revoked", "A channel whose credential stops being valid closes with 1008", "messaging",
            ["CU-CHAN-23"], _ => throw Ensure.NotApplicable("API v1 offers no way to revoke a worker token while its channel is open"));

        yield return new Check("channel.outbound-pressure", "Replies nobody reads yet are not dropped: the worker waits instead", "messaging",
            ["CU-CHAN-27"], async c =>
            {
                var buffer = c.Limit("eventBufferEvents");
                if (buffer > 5000)
                {
                    throw Ensure.NotApplicable($"eventBufferEvents {buffer} is too many to fill in a check");
                }

                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                var accepted = 0;
                for (var i = 1; i <= buffer + c.Limit("maxQueuedMessages") + 10; i++)
                {
                    var answer = await c.PostMessageAsync(worker, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (answer.Code == 429)
                    {
                        break;
                    }

                    answer.Expect(202);
                    accepted = i;
                }

                using var events = await c.OpenEventsAsync(worker);
                for (var n = 1; n <= accepted; n++)
                {
                    var next = await events.NextAsync() ?? throw new CheckFailed($"the stream ended after {n - 1} of {accepted} replies");
                    Ensure.That(next.Kind == "message", $"CU-CHAN-27: reply {n} of {accepted} is a '{next.Kind}' event: unread replies were dropped");
                    Ensure.Equal(n, next.Json.GetInt32(), "CU-CHAN-27: reply order");
                }
            });

        yield return new Check("channel.keep-alive", "A silent channel gets a ping, a comment or a heartbeat within 30 seconds", "messaging", ["CU-CHAN-25"], async c =>
        {
            var worker = await c.CreateWorkerAsync(c.Package("probe"));
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(c.Session.Target, worker.Path + "/events"));
            request.Headers.Authorization = new("Bearer", worker.Token);
            using var response = await c.Session.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(35));
            try
            {
                while (await reader.ReadLineAsync(timeout.Token) is { } line)
                {
                    if (line.StartsWith(':') || line == "event: heartbeat")
                    {
                        return; // a comment, or a heartbeat (CU-CHAN-28), which is a keep-alive too
                    }

                    if (line == "event: exit")
                    {
                        throw Ensure.NotApplicable("the worker ended (idle timeout?) before the stream had been silent for 30 s");
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }

            throw new CheckFailed("CU-CHAN-25: no comment line on a silent event stream within 35 s");
        });
    }
}
