using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComputeUtility.Bench;

/// <summary>The utility's HTTP API as the bench uses it: create/delete workers, run tasks, read the descriptor.</summary>
internal sealed class UtilityClient : IDisposable
{
    private readonly HttpClient _http;

    public UtilityClient(Uri server)
    {
        Server = server;
        // No proxy (HTTP_PROXY must not reroute loopback) and one kept-alive connection, as a real client has.
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Uri Server { get; }

    /// <summary>True when GET /healthz answers 200; false on a connection error or timeout (the server is not up yet).</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("/healthz", cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    public async Task<CreatedWorker> CreateWorkerAsync(DemoPackage package, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["package"] = package.ManifestUrl(Server).ToString(), ["integrity"] = package.Integrity };
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.PostAsync("/v1/workers", Json(body), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var clientMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Expect(response, HttpStatusCode.Created, "POST /v1/workers", text);

        var worker = JsonNode.Parse(text)!;
        var id = (string?)worker["id"] ?? throw new BenchFailure("POST /v1/workers: no 'id' in " + text);
        var token = (string?)worker["token"] ?? throw new BenchFailure("POST /v1/workers: no 'token' in " + text);
        // The channel link is built from the request's Host, which is our loopback address; re-check anyway.
        var channel = new Uri((string?)worker["links"]?["channel"] ?? throw new BenchFailure("POST /v1/workers: no links.channel in " + text));
        if (channel.Authority != Server.Authority)
        {
            throw new BenchFailure($"POST /v1/workers: channel link {channel} is not on {Server}");
        }

        return new CreatedWorker(id, token, channel, clientMs);
    }

    /// <summary>The worker's <c>state</c> (running, terminated, failed), or "gone" once the utility has forgotten it.</summary>
    public async Task<string> WorkerStateAsync(CreatedWorker worker, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/workers/{worker.Id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", worker.Token);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return "gone";
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Expect(response, HttpStatusCode.OK, "GET /v1/workers/{id}", text);
        return (string?)JsonNode.Parse(text)?["state"] ?? throw new BenchFailure("GET /v1/workers/{id}: no 'state' in " + text);
    }

    public async Task DeleteWorkerAsync(CreatedWorker worker, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/v1/workers/" + worker.Id);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", worker.Token);
        using var response = await _http.SendAsync(request, cancellationToken);
        Expect(response, HttpStatusCode.NoContent, "DELETE /v1/workers/{id}", await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task<TaskOutcome> RunTaskAsync(DemoPackage package, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["package"] = package.ManifestUrl(Server).ToString(),
            ["integrity"] = package.Integrity,
            ["args"] = new JsonArray([.. args.Select(a => (JsonNode)a)]),
        };
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.PostAsync("/v1/tasks", Json(body), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var clientMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Expect(response, HttpStatusCode.OK, "POST /v1/tasks", text);

        var result = JsonNode.Parse(text)!;
        return new TaskOutcome(
            (int?)result["exitCode"] ?? throw new BenchFailure("POST /v1/tasks: no exitCode in " + text),
            (string?)result["stdout"] ?? "",
            (string?)result["stderr"] ?? "",
            (double?)result["durationMs"] ?? throw new BenchFailure("POST /v1/tasks: no durationMs in " + text),
            clientMs);
    }

    /// <summary>The descriptor's <c>latency.workerStartMs</c>; null before the server recorded a start.</summary>
    public async Task<ServerLatency?> WorkerStartLatencyAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("/.well-known/compute-utility", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Expect(response, HttpStatusCode.OK, "GET /.well-known/compute-utility", text);
        if (JsonNode.Parse(text)?["latency"]?["workerStartMs"] is not JsonObject figure)
        {
            return null;
        }

        return new ServerLatency((double?)figure["p50"] ?? double.NaN, (double?)figure["p99"] ?? double.NaN, (long?)figure["samples"] ?? 0);
    }

    private static StringContent Json(JsonNode body) =>
        new(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static void Expect(HttpResponseMessage response, HttpStatusCode expected, string what, string body)
    {
        if (response.StatusCode != expected)
        {
            throw new BenchFailure($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {Shorten(body)}");
        }
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";

    public void Dispose() => _http.Dispose();
}
