using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>
/// A client of one compute utility (spec/compute-utility.md): the descriptor, workers, their channel,
/// tasks, estimates and snapshots. Every error answer is thrown as a <see cref="UtilityProblemException"/>
/// (or one of its subclasses). Safe to use from several threads at once.
/// </summary>
public sealed partial class UtilityClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client of the utility at <paramref name="utility"/> (e.g. <c>http://127.0.0.1:8470</c>) with its own connection pool.</summary>
    public UtilityClient(Uri utility)
        : this(new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = Timeout.InfiniteTimeSpan }, utility, ownsHttp: true)
    {
    }

    /// <summary>A client that sends its requests through <paramref name="http"/>, which stays the caller's.</summary>
    public UtilityClient(HttpClient http, Uri utility)
        : this(http, utility, ownsHttp: false)
    {
    }

    private UtilityClient(HttpClient http, Uri utility, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(utility);
        _http = http;
        _ownsHttp = ownsHttp;
        Utility = new Uri(utility.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>The utility's base URI.</summary>
    public Uri Utility { get; }

    /// <summary>How long an event stream or channel waits before it reconnects after losing its connection without <c>exit</c>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many reconnections in a row may bring no new event before reading gives up with <see cref="IOException"/>.</summary>
    public int MaxReconnectAttempts { get; init; } = 5;

    /// <summary>
    /// The utility's <c>limits.heartbeatIntervalMs</c>, when known: a channel or event stream on which nothing at all
    /// arrives for 3 intervals is taken as closed and reopened after the last event (CU-CHAN-31). Null: no watch.
    /// </summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>Where the client takes time from for its reconnection delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>True when <c>GET /healthz</c> answers <c>200</c>; false when it answers otherwise or the utility cannot be reached.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _http.GetAsync(Url("healthz"), cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>A descriptor larger than this is refused: a discovered stranger must not make the client read without bound.</summary>
    public const int MaxDescriptorBytes = 1024 * 1024;

    /// <summary>The descriptor at <c>/.well-known/compute-utility</c>.</summary>
    /// <exception cref="InvalidDataException">The descriptor is larger than <see cref="MaxDescriptorBytes"/>.</exception>
    public Task<UtilityDescriptor> GetDescriptorAsync(CancellationToken cancellationToken = default) =>
        GetDescriptorAsync(Url(".well-known/compute-utility"), cancellationToken);

    /// <summary>The descriptor at <paramref name="descriptor"/>, e.g. the path a DNS-SD announcement names (spec section 16).</summary>
    /// <exception cref="InvalidDataException">The descriptor is larger than <see cref="MaxDescriptorBytes"/>.</exception>
    /// <exception cref="JsonException">The descriptor is not JSON.</exception>
    public async Task<UtilityDescriptor> GetDescriptorAsync(Uri descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        using var response = await _http.GetAsync(new Uri(Utility, descriptor), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await ProblemAnswer.ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > MaxDescriptorBytes)
        {
            throw new InvalidDataException($"larger than {MaxDescriptorBytes} bytes");
        }

        var body = new MemoryStream();
        await using (var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > MaxDescriptorBytes)
                {
                    throw new InvalidDataException($"larger than {MaxDescriptorBytes} bytes");
                }

                body.Write(buffer, 0, read);
            }
        }

        using var document = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
        return new UtilityDescriptor(document.RootElement.Clone(), (int)body.Length);
    }

    /// <summary>Creates a worker of the reactor package whose manifest is at <paramref name="package"/> (<c>POST /v1/workers</c>).</summary>
    /// <param name="package">The manifest URL.</param>
    /// <param name="integrity">The manifest's SRI digest, e.g. <c>sha256-…</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The worker with its token, the only time the utility shows it.</returns>
    public async Task<Worker> CreateWorkerAsync(Uri package, string integrity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        var json = await SendAsync(HttpMethod.Post, "v1/workers", null, Json(new Dictionary<string, string> { ["package"] = package.ToString(), ["integrity"] = integrity }), cancellationToken).ConfigureAwait(false);
        return Worker.Parse(json, null, Utility);
    }

    /// <summary>Creates a worker from a snapshot taken on this or another utility (spec section 13.4).</summary>
    public async Task<Worker> RestoreWorkerAsync(Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var json = await SendAsync(HttpMethod.Post, "v1/workers", null, Json(new Dictionary<string, string> { ["snapshot"] = snapshot.Url.ToString(), ["token"] = snapshot.Token }), cancellationToken).ConfigureAwait(false);
        return Worker.Parse(json, null, Utility);
    }

    /// <summary>The worker's current state (<c>GET /v1/workers/{id}</c>), with the token of <paramref name="worker"/>.</summary>
    public async Task<Worker> GetWorkerAsync(Worker worker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var json = await SendAsync(HttpMethod.Get, WorkerPath(worker), worker.Token, null, cancellationToken).ConfigureAwait(false);
        return Worker.Parse(json, worker.Token, Utility);
    }

    /// <summary>Ends the worker (<c>DELETE /v1/workers/{id}</c>); its last events stay readable for a while.</summary>
    public async Task DeleteWorkerAsync(Worker worker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await SendAsync(HttpMethod.Delete, WorkerPath(worker), worker.Token, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a JSON text message by the HTTP fallback (<c>POST …/messages</c>).</summary>
    /// <returns>The message's inbound sequence number.</returns>
    public Task<long> PostMessageAsync(Worker worker, string json, CancellationToken cancellationToken = default) =>
        PostMessageAsync(worker, new StringContent(json, new UTF8Encoding(false), new MediaTypeHeaderValue("application/json")), cancellationToken);

    /// <summary>Sends a binary message by the HTTP fallback (<c>POST …/messages</c>).</summary>
    /// <returns>The message's inbound sequence number.</returns>
    public Task<long> PostMessageAsync(Worker worker, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        PostMessageAsync(worker, new ReadOnlyMemoryContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, cancellationToken);

    /// <summary>
    /// The worker's events from its event stream (<c>GET …/events</c>), after <paramref name="lastEventId"/> when given,
    /// up to and including <c>exit</c>. A connection lost before <c>exit</c> is reopened with <c>Last-Event-ID</c>, so no
    /// event is missed or repeated; events no longer buffered arrive as one <c>gap</c> event. Heartbeats are not events.
    /// </summary>
    public async IAsyncEnumerable<WorkerEvent> ReadEventsAsync(Worker worker, long? lastEventId = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var failures = 0;
        while (true)
        {
            var progressed = false;
            await using (var events = new EventStreamReading(this, worker, lastEventId))
            {
                while (true)
                {
                    WorkerEvent? next;
                    try
                    {
                        next = await events.NextAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    if (next is null)
                    {
                        break;
                    }

                    lastEventId = next.Id;
                    progressed = true;
                    yield return next;
                    if (next.IsExit)
                    {
                        yield break;
                    }
                }
            }

            failures = progressed ? 1 : failures + 1;
            if (failures > MaxReconnectAttempts)
            {
                throw new IOException($"the event stream of worker {worker.Id} closed {failures} times in a row without an exit event");
            }

            await Task.Delay(ReconnectDelay, TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Opens the worker's channel: the WebSocket when it can be opened, else (or when <paramref name="transport"/> says so)
    /// the HTTP fallback of event stream and <c>POST …/messages</c>. Events start after <paramref name="lastEventId"/> when given.
    /// </summary>
    public async Task<WorkerChannel> OpenChannelAsync(Worker worker, long? lastEventId = null, ChannelTransport transport = ChannelTransport.Automatic,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (transport != ChannelTransport.EventStream)
        {
            try
            {
                return await WebSocketWorkerChannel.OpenAsync(this, worker, lastEventId, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Net.WebSockets.WebSocketException) when (transport == ChannelTransport.Automatic && !cancellationToken.IsCancellationRequested)
            {
                // A proxy or a utility without channel.websocket: the HTTP fallback carries the same messages and events.
            }
        }

        return new EventStreamWorkerChannel(this, worker, lastEventId);
    }

    /// <summary>Runs a command package once (<c>POST /v1/tasks</c>).</summary>
    /// <param name="package">The manifest URL of a <c>command</c> package.</param>
    /// <param name="integrity">The manifest's SRI digest.</param>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="stdin">The command's standard input, or null for none.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<TaskResult> RunTaskAsync(Uri package, string integrity, IReadOnlyList<string>? args = null, string? stdin = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        var body = new Dictionary<string, object> { ["package"] = package.ToString(), ["integrity"] = integrity, ["args"] = args ?? [] };
        if (stdin is not null)
        {
            body["stdin"] = stdin;
        }

        var json = await SendAsync(HttpMethod.Post, "v1/tasks", null, Json(body), cancellationToken).ConfigureAwait(false);
        return json.Deserialize<TaskResult>(JsonSerializerOptions.Web) ?? throw new JsonException("the task result is null");
    }

    /// <summary>What a job of <paramref name="inputBytes"/> would cost here (<c>POST /v1/estimates</c>).</summary>
    public async Task<Estimate> EstimateAsync(Uri package, string integrity, long inputBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        var body = new Dictionary<string, object> { ["package"] = package.ToString(), ["integrity"] = integrity, ["inputBytes"] = inputBytes };
        var json = await SendAsync(HttpMethod.Post, "v1/estimates", null, Json(body), cancellationToken).ConfigureAwait(false);
        return json.Deserialize<Estimate>(JsonSerializerOptions.Web) ?? throw new JsonException("the estimate is null");
    }

    /// <summary>Takes a snapshot of the worker (<c>POST …/snapshots</c>); the worker keeps running.</summary>
    public async Task<Snapshot> TakeSnapshotAsync(Worker worker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var json = await SendAsync(HttpMethod.Post, WorkerPath(worker) + "/snapshots", worker.Token, null, cancellationToken).ConfigureAwait(false);
        return json.Deserialize<Snapshot>(JsonSerializerOptions.Web) ?? throw new JsonException("the snapshot is null");
    }

    /// <summary>The snapshot's bytes (<c>application/vnd.compute-utility.snapshot</c>), pulled with its snapshot token.</summary>
    public async Task<byte[]> GetSnapshotBytesAsync(Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Utility, snapshot.Url));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", snapshot.Token);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ProblemAnswer.ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    internal Uri Url(string relative) => new(Utility, relative);

    internal static string WorkerPath(Worker worker) => "v1/workers/" + Uri.EscapeDataString(worker.Id);

    /// <summary>Opens the worker's event stream, answered or thrown as a problem; the caller disposes the answer.</summary>
    internal async Task<HttpResponseMessage> OpenEventStreamAsync(Worker worker, long? lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(WorkerPath(worker) + "/events"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", worker.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ProblemAnswer.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }

    private async Task<long> PostMessageAsync(Worker worker, HttpContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        using (content)
        {
            var json = await SendAsync(HttpMethod.Post, WorkerPath(worker) + "/messages", worker.Token, content, cancellationToken).ConfigureAwait(false);
            return json.GetProperty("sequence").GetInt64();
        }
    }

    /// <summary>Sends one request and returns its JSON answer (default for an empty one), or throws its problem.</summary>
    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, Url(path)) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ProblemAnswer.ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return default;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }

    private static StringContent Json<T>(T body) =>
        new(JsonSerializer.Serialize(body), new UTF8Encoding(false), new MediaTypeHeaderValue("application/json"));
}
