using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using ComputeUtility.Conformance.Origin;

namespace ComputeUtility.Conformance.Checks;

/// <summary>
/// What a check works with: requests to the target (every answer validated against the spec),
/// the suite's origin and packages, and workers it creates (deleted when the check ends).
/// </summary>
internal sealed class CheckContext(SuiteSession session) : IAsyncDisposable
{
    private readonly List<WorkerHandle> _workers = [];

    public SuiteSession Session => session;

    public SuiteOrigin Origin => session.Origin;

    public PackageCatalog Catalog => session.Catalog;

    public JsonElement Descriptor => session.Descriptor;

    /// <summary>Spec violations seen in answers; a check fails when any occurred.</summary>
    public List<string> Violations { get; } = [];

    public long Limit(string name) =>
        Descriptor.TryGetProperty("limits", out var limits) && limits.TryGetProperty(name, out var value) && value.TryGetInt64(out var n)
            ? n
            : throw new CheckFailed($"CU-DESC-8: the descriptor has no limits.{name}");

    public bool HasFeature(string feature) =>
        Descriptor.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array
        && features.EnumerateArray().Any(f => f.GetString() == feature);

    public PublishedPackage Package(string module, string kind = "reactor") => session.Package(module, kind);

    /// <summary>
    /// Sends a request and reads the whole answer; validates it against openapi.yaml. A <c>429 rate-limited</c>
    /// answer is waited out (its Retry-After) and the request sent again, unless <paramref name="paceRateLimits"/> is false.
    /// <paramref name="timeout"/> replaces the suite's request timeout, for an answer that waits for a published deadline.
    /// </summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? token = null,
        Action<HttpRequestMessage>? configure = null, bool validate = true, bool paceRateLimits = true, TimeSpan? timeout = null)
    {
        var body = content is null ? null : await content.ReadAsByteArrayAsync();
        var waited = TimeSpan.Zero;
        while (true)
        {
            var copy = body is null ? null : new ByteArrayContent(body);
            foreach (var header in content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            {
                copy!.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            var answer = await SendOnceAsync(method, path, copy, token, configure, validate, timeout ?? session.RequestTimeout);
            if (!paceRateLimits || answer.Code != 429 || !answer.Body.Contains("problem:rate-limited", StringComparison.Ordinal)
                || waited > TimeSpan.FromSeconds(60))
            {
                return answer;
            }

            // The budget the utility publishes (section 4.1) is theirs to set; a check waits rather than fail for it.
            var seconds = int.TryParse(answer.Header("Retry-After"), out var s) ? Math.Clamp(s, 1, 10) : 1;
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            waited += TimeSpan.FromSeconds(seconds);
        }
    }

    private async Task<Answer> SendOnceAsync(HttpMethod method, string path, HttpContent? content, string? token,
        Action<HttpRequestMessage>? configure, bool validate, TimeSpan wait)
    {
        using var request = new HttpRequestMessage(method, new Uri(session.Target, path)) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (session.AccessToken is not null && method == HttpMethod.Post && CreatesWork(path))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        }

        configure?.Invoke(request);
        using var timeout = new CancellationTokenSource(wait);
        HttpResponseMessage response;
        string body;
        try
        {
            response = await session.Http.SendAsync(request, timeout.Token);
            body = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Say whose clock ran out: the target may be within its limits and the suite too impatient.
            throw new CheckFailed($"{method} {path}: no answer within the suite's own timeout of {wait.TotalSeconds:0.#} s " +
                                  "(the suite gave up waiting; the target did not refuse or fail the request)");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            throw new CheckFailed($"{method} {path}: no answer ({ex.Message})");
        }

        using (response)
        {
            var answer = new Answer(method.Method, path, response.StatusCode, response.Content.Headers.ContentType?.MediaType, body,
                response.Headers, response.Content.Headers);
            if (validate)
            {
                var pathOnly = new Uri(session.Target, path).AbsolutePath;
                foreach (var violation in session.Validator.Validate(method.Method, pathOnly, answer.Code, answer.MediaType, body))
                {
                    Violations.Add(violation);
                }
            }

            return answer;
        }
    }

    /// <summary>Requests the owner's access token gates (section 4.1).</summary>
    public static bool CreatesWork(string path) => path is "/v1/workers" or "/v1/tasks" or "/v1/restores";

    public Task<Answer> PostJsonAsync(string path, object body, string? token = null, Action<HttpRequestMessage>? configure = null,
        TimeSpan? timeout = null) =>
        SendAsync(HttpMethod.Post, path, JsonContent.Create(body), token, configure, timeout: timeout);

    /// <summary>
    /// The suite's request timeout plus a published deadline (e.g. <c>limits.taskDeadlineMs</c>): the target answers only
    /// once that deadline has passed, after fetching and compiling, so the answer may come that much later.
    /// </summary>
    public TimeSpan TimeoutAfter(TimeSpan deadline) => session.RequestTimeout + deadline;

    /// <summary>Remembers a worker created by a raw request, so it is deleted when the check ends.</summary>
    public void Track(Answer created)
    {
        var body = created.Json;
        _workers.Add(new WorkerHandle(body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!, body));
    }

    /// <summary>Creates a worker and fails the check unless the target answers 201.</summary>
    public async Task<WorkerHandle> CreateWorkerAsync(PublishedPackage package)
    {
        var answer = await PostJsonAsync("/v1/workers", package.Body);
        answer.Expect(201);
        var body = answer.Json;
        var worker = new WorkerHandle(body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!, body);
        _workers.Add(worker);
        return worker;
    }

    public Task<Answer> PostMessageAsync(WorkerHandle worker, string json, string? token = null) =>
        SendAsync(HttpMethod.Post, worker.Path + "/messages", new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            token ?? worker.Token);

    public async Task<ChannelConnection> ConnectAsync(WorkerHandle worker, string? token = null, long? lastEventId = null,
        bool viaHeader = false)
    {
        var socket = new ClientWebSocket();
        var query = viaHeader ? "" : $"access_token={Uri.EscapeDataString(token ?? worker.Token)}";
        if (lastEventId is { } id)
        {
            query += (query.Length > 0 ? "&" : "") + $"lastEventId={id}";
        }

        if (viaHeader)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + (token ?? worker.Token));
        }

        var uri = new UriBuilder(new Uri(session.Target, worker.Path + "/channel"))
        {
            Scheme = session.Target.Scheme == "https" ? "wss" : "ws",
            Query = query,
        }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            socket.Dispose();
            throw new CheckFailed($"the channel of {worker.Id} did not open: {ex.Message}");
        }

        return new ChannelConnection(socket, session.Envelopes);
    }

    /// <summary>Tries to open a channel and returns the HTTP status of the refusal (0 if it opened).</summary>
    public async Task<int> TryConnectAsync(WorkerHandle worker, string? token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(new Uri(session.Target, worker.Path + "/channel"))
        {
            Scheme = session.Target.Scheme == "https" ? "wss" : "ws",
            Query = token is null ? "" : $"access_token={Uri.EscapeDataString(token)}",
        }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
            return 0;
        }
        catch (WebSocketException)
        {
            return (int)socket.HttpStatusCode;
        }
    }

    public async Task<EventStreamConnection> OpenEventsAsync(WorkerHandle worker, string? lastEventId = null, bool viaQuery = false,
        string? lastEventIdQuery = null)
    {
        var path = worker.Path + "/events";
        var query = new List<string>();
        if (viaQuery)
        {
            query.Add("access_token=" + Uri.EscapeDataString(worker.Token));
        }

        if (lastEventIdQuery is not null)
        {
            query.Add("lastEventId=" + lastEventIdQuery);
        }

        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(session.Target, path + (query.Count > 0 ? "?" + string.Join("&", query) : "")));
        if (!viaQuery)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", worker.Token);
        }

        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await session.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Ensure.That((int)response.StatusCode == 200, $"GET {path}: expected 200, got {(int)response.StatusCode}");
        Ensure.That(response.Content.Headers.ContentType?.MediaType == "text/event-stream",
            $"CU-CHAN-16: GET {path} must be text/event-stream, got '{response.Content.Headers.ContentType?.MediaType}'");
        return await EventStreamConnection.OpenAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(session.Target, worker.Path));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", worker.Token);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                (await session.Http.SendAsync(request, timeout.Token)).Dispose();
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
            }
        }
    }
}
