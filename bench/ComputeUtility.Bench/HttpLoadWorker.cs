namespace ComputeUtility.Bench;

/// <summary>
/// One worker of row 9's HTTP phase: posts <c>{"i":1..M}</c> one after another to
/// <c>/v1/workers/{id}/messages</c> while reading the replies from <c>/v1/workers/{id}/events</c>
/// (server-sent events). A 429 is back-pressure: wait its Retry-After (at most 1 s) and post the same
/// message again. Never throws for what it counts.
/// </summary>
internal sealed class HttpLoadWorker(HttpClient http, CreatedWorker worker, int messages, LoadTally tally, StallWatchdog watchdog)
{
    private const int MaxAttemptsPerMessage = 120;
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    public async Task RunAsync()
    {
        var replies = new ReplyTally(messages);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(watchdog.Token);
        HttpResponseMessage events;
        try
        {
            using var request = Authorized(HttpMethod.Get, $"/v1/workers/{worker.Id}/events");
            events = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            tally.CountRefusal(0, $"worker {worker.Id}: GET events: {ex.Message}");
            Finish(replies);
            return;
        }

        using (events)
        {
            if (events.StatusCode != HttpStatusCode.OK)
            {
                tally.CountRefusal((int)events.StatusCode, $"worker {worker.Id}: GET events answered {(int)events.StatusCode}");
                Finish(replies);
                return;
            }

            var sender = Task.Run(() => SendAllAsync(stop.Token));
            try
            {
                using var reader = new ServerSentEventReader(await events.Content.ReadAsStreamAsync(stop.Token));
                await ReceiveAsync(reader, replies, stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException or BenchFailure)
            {
                if (ex is not OperationCanceledException)
                {
                    tally.CountRefusal(0, $"worker {worker.Id}: the event stream failed after {replies.Received} replies: {ex.Message}");
                }
            }

            if (!replies.Complete)
            {
                await stop.CancelAsync(); // the stream ended early or stalled: stop posting too
            }

            try
            {
                await sender; // when every reply came, the last POST's answer is still on its way: let it count
            }
            catch (OperationCanceledException)
            {
                // Counted through the replies that never came.
            }

            Finish(replies);
        }
    }

    private async Task SendAllAsync(CancellationToken cancellationToken)
    {
        for (var k = 1; k <= messages; k++)
        {
            await PostAsync(k, cancellationToken);
        }
    }

    /// <summary>Posts message k until it is accepted (202), refused (counted) or 120 back-pressure answers in a row.</summary>
    private async Task PostAsync(int k, CancellationToken cancellationToken)
    {
        var body = Encoding.ASCII.GetBytes($"{{\"i\":{k}}}");
        for (var attempt = 0; attempt < MaxAttemptsPerMessage; attempt++)
        {
            using var request = Authorized(HttpMethod.Post, $"/v1/workers/{worker.Id}/messages");
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonType;
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                tally.CountRefusal(0, $"worker {worker.Id}: POST message {k}: {ex.Message}");
                return;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    tally.CountSent();
                    return;
                }

                if (status != 429)
                {
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    tally.CountRefusal(status, $"worker {worker.Id}: POST message {k} answered {status}: {(text.Length > 300 ? text[..300] : text)}");
                    return;
                }

                tally.CountBackPressure();
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(100);
                await Task.Delay(wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, cancellationToken);
            }
        }

        tally.CountRefusal(0, $"worker {worker.Id}: message {k} still refused with 429 after {MaxAttemptsPerMessage} attempts");
    }

    // Bounded: at most the stream's events until M replies (plus log events); a stall cancels it.
    private async Task ReceiveAsync(ServerSentEventReader reader, ReplyTally replies, CancellationToken cancellationToken)
    {
        for (var events = 0; events < messages + 16 && !replies.Complete; events++)
        {
            if (await reader.ReadAsync(cancellationToken) is not { } item)
            {
                tally.CountErrorEvent($"worker {worker.Id}: the event stream ended after {replies.Received} replies");
                return;
            }

            watchdog.Progress();
            if (item.IsHeartbeat)
            {
                continue; // not an event (spec 9.4): no id, nothing to count
            }

            var envelope = EchoEnvelope.FromEvent(item.Kind, long.Parse(item.Id ?? "0", CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(item.Data));
            if (!tally.Take(replies, envelope, worker.Id, item.Data))
            {
                return;
            }
        }
    }

    private HttpRequestMessage Authorized(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", worker.Token);
        return request;
    }

    private void Finish(ReplyTally replies)
    {
        replies.Finish();
        tally.Add(replies);
    }
}
