using System.Diagnostics;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 11: deadlines under load, on a fresh server of its own with the default limits. 16 runaway tasks
/// (<c>_start</c> never returns) and then 64 runaway workers (<c>cu_on_message</c> never returns) at once;
/// how late each answer comes after its deadline (tasks: POST sent → 422; workers: message accepted →
/// <c>error</c> event), and how long <c>GET /healthz</c> takes meanwhile (one probe every 250 ms).
/// Bounded: whatever has not answered after 150 s counts as 150 s late and is reported as unanswered.
/// </summary>
internal sealed class DeadlineLoadBench(string? serverDll, IReadOnlyList<string> serverArgs)
{
    private const int Tasks = 16;
    private const int Workers = 64;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        if (serverDll is null)
        {
            throw new BenchFailure("row 11 needs --server-dll to start its own server");
        }

        string[] args = ["--Packages:AllowPrivateHosts=true", "--Discovery:Enabled=false", "--Logging:LogLevel:Default=Warning", .. serverArgs];
        using var origin = new GuestOrigin([("runaway-task", "command", RunawayGuests.Command), ("runaway-worker", "reactor", RunawayGuests.Reactor)]);
        using var server = await UtilityProcess.StartAsync(serverDll, TimeSpan.FromSeconds(30), args);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 512 })
        {
            BaseAddress = server.Url,
            Timeout = Budget + TimeSpan.FromSeconds(30),
        };
        var limits = await LimitsAsync(http);
        var taskDeadline = limits.GetProperty("taskDeadlineMs").GetDouble();
        var messageDeadline = limits.GetProperty("messageDeadlineMs").GetDouble();

        // Warm: the worker's module compiled once (the task's is as small: its first compilation costs milliseconds).
        await WarmAsync(http, origin);

        using var deadline = new Deadline("row 11", Budget);
        using var stopProbe = new CancellationTokenSource();
        var probe = ProbeHealthAsync(server.Url, stopProbe.Token);
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, Tasks).Select(_ => Task.Run(() => RunawayTaskAsync(http, origin, deadline.Token))).ToList();
        await Task.Delay(1_000, deadline.Token); // the tasks first, then the workers, as in the issue
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(() => RunawayWorkerAsync(http, origin, deadline.Token))).ToList();
        var taskTimes = await Task.WhenAll(tasks);
        var workerTimes = await Task.WhenAll(workers);
        var total = clock.Elapsed;
        await stopProbe.CancelAsync();
        var health = await probe;

        return
        [
            LatenessRow("11a", $"Deadlines under load: {Tasks} runaway tasks (taskDeadlineMs {taskDeadline:0}), answer − deadline, ms", taskTimes, taskDeadline),
            LatenessRow("11b", $"Deadlines under load: then {Workers} runaway workers (messageDeadlineMs {messageDeadline:0}), error event − deadline, ms", workerTimes, messageDeadline),
            HealthRow(health, total),
        ];
    }

    private static ResultRow LatenessRow(string number, string measure, Answer[] answers, double deadlineMs)
    {
        var late = new Percentiles(answers.Select(a => (a.Ms ?? Budget.TotalMilliseconds) - deadlineMs));
        var unanswered = answers.Count(a => a.Ms is null);
        var wrong = answers.Where(a => a.Ms is not null && !a.DeadlineExceeded).Select(a => a.What).Distinct().ToList();
        var result = string.Create(CultureInfo.InvariantCulture,
            $"p50 {late.P50:0} ms, p99 {late.P99:0} ms, max {late.Max:0} ms late (n={late.Count}); deadline-exceeded {answers.Count(a => a.DeadlineExceeded)}")
            + (unanswered > 0 ? $"; UNANSWERED after {Budget.TotalSeconds:0} s: {unanswered} (counted as answered then)" : "")
            + (wrong.Count > 0 ? "; other answers: " + string.Join(", ", wrong) : "");
        return new ResultRow(number, measure, result, "p99 ≤ 1,000 ms late, every one deadline-exceeded",
            ResultRow.Check(unanswered == 0 && wrong.Count == 0 && late.P99 <= 1_000));
    }

    private static ResultRow HealthRow(List<double> probes, TimeSpan total)
    {
        var latency = new Percentiles(probes);
        var timedOut = probes.Count(p => p >= ProbeTimeout.TotalMilliseconds);
        return new ResultRow("11c", "Deadlines under load: GET /healthz meanwhile, ms",
            string.Create(CultureInfo.InvariantCulture,
                $"p50 {latency.P50:0.0} ms, p99 {latency.P99:0.0} ms, max {latency.Max:0.0} ms (n={latency.Count} over {total.TotalSeconds:0} s); timed out (60 s) {timedOut}"),
            "p99 < 1,000 ms", ResultRow.Check(timedOut == 0 && latency.P99 < 1_000));
    }

    /// <summary>One runaway task: from sending the POST to its answer; null when none came within the budget.</summary>
    private static async Task<Answer> RunawayTaskAsync(HttpClient http, GuestOrigin origin, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsync("/v1/tasks", Body(origin, "runaway-task"), cancellationToken);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return new Answer(ms, (int)response.StatusCode == 422 && text.Contains("deadline-exceeded", StringComparison.Ordinal),
                $"{(int)response.StatusCode} {ProblemType(text)}");
        }
        catch (OperationCanceledException)
        {
            return new Answer(null, false, "unanswered");
        }
    }

    /// <summary>One runaway worker: from its one message's 202 to the <c>error</c> event; null when none came within the budget.</summary>
    private static async Task<Answer> RunawayWorkerAsync(HttpClient http, GuestOrigin origin, CancellationToken cancellationToken)
    {
        try
        {
            using var created = await http.PostAsync("/v1/workers", Body(origin, "runaway-worker"), cancellationToken);
            var text = await created.Content.ReadAsStringAsync(cancellationToken);
            if (created.StatusCode != HttpStatusCode.Created)
            {
                return new Answer(0, false, $"create {(int)created.StatusCode} {ProblemType(text)}");
            }

            using var worker = JsonDocument.Parse(text);
            var id = worker.RootElement.GetProperty("id").GetString()!;
            var token = worker.RootElement.GetProperty("token").GetString()!;
            using var events = await http.SendAsync(Authorized(HttpMethod.Get, $"/v1/workers/{id}/events", token),
                HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var post = Authorized(HttpMethod.Post, $"/v1/workers/{id}/messages", token);
            post.Content = new ByteArrayContent("{\"spin\":true}"u8.ToArray());
            post.Content.Headers.ContentType = JsonType;
            using var accepted = await http.SendAsync(post, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            if (!accepted.IsSuccessStatusCode)
            {
                return new Answer(0, false, $"message {(int)accepted.StatusCode}");
            }

            using var reader = new ServerSentEventReader(await events.Content.ReadAsStreamAsync(cancellationToken));
            for (var i = 0; i < 16; i++)
            {
                if (await reader.ReadAsync(cancellationToken) is not { } item)
                {
                    break;
                }

                if (item.Kind is "error" or "exit")
                {
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    return new Answer(ms, item.Data.Contains("deadline-exceeded", StringComparison.Ordinal), item.Kind + " " + ProblemType(item.Data));
                }
            }

            return new Answer(0, false, "the event stream ended without an error event");
        }
        catch (OperationCanceledException)
        {
            return new Answer(null, false, "unanswered");
        }
    }

    /// <summary>GET /healthz every 250 ms until stopped, each on a fresh connection; a probe that times out counts as 60 s.</summary>
    private static async Task<List<double>> ProbeHealthAsync(Uri server, CancellationToken stop)
    {
        var samples = new List<double>();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
        {
            BaseAddress = server,
            Timeout = ProbeTimeout,
        };
        // Bounded: the row's budget over 250 ms, plus the probes that time out.
        for (var i = 0; i < (int)(Budget.TotalMilliseconds / 250) + 8 && !stop.IsCancellationRequested; i++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.GetAsync("/healthz", CancellationToken.None);
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                samples.Add(ProbeTimeout.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(250, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return samples;
    }

    private static async Task WarmAsync(HttpClient http, GuestOrigin origin)
    {
        using var budget = new Deadline("row 11 warm-up", TimeSpan.FromSeconds(120));
        using var created = await budget.Within(http.PostAsync("/v1/workers", Body(origin, "runaway-worker"), budget.Token), "creating a worker");
        using var worker = JsonDocument.Parse(await created.Content.ReadAsStringAsync(budget.Token));
        using var delete = Authorized(HttpMethod.Delete, "/v1/workers/" + worker.RootElement.GetProperty("id").GetString(),
            worker.RootElement.GetProperty("token").GetString()!);
        (await budget.Within(http.SendAsync(delete, budget.Token), "deleting the worker")).Dispose();
    }

    private static async Task<JsonElement> LimitsAsync(HttpClient http)
    {
        using var descriptor = JsonDocument.Parse(await http.GetStringAsync("/.well-known/compute-utility"));
        return descriptor.RootElement.GetProperty("limits").Clone();
    }

    private static StringContent Body(GuestOrigin origin, string name) =>
        new(JsonSerializer.Serialize(new { package = origin.ManifestUrlOf(name), integrity = origin.IntegrityOf(name) }), Encoding.UTF8, JsonType);

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static string ProblemType(string text)
    {
        var at = text.IndexOf("problem:", StringComparison.Ordinal);
        return at < 0 ? "" : new string(text[(at + 8)..].TakeWhile(c => char.IsLetterOrDigit(c) || c == '-').ToArray());
    }

    private sealed record Answer(double? Ms, bool DeadlineExceeded, string What);
}
