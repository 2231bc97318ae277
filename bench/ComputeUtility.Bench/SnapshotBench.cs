using System.Diagnostics;
using System.Net.Http.Json;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 7: a worker holding 1, 16 or 128 MiB is snapshotted on utility A and restored on utility B,
/// which pulls the snapshot from A over loopback; B's worker must then report the same memory sum.
/// </summary>
internal sealed class SnapshotBench(string? serverDll, string repoRoot, int repeats)
{
    private static readonly int[] Sizes = [1, 16, 128];

    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        if (serverDll is null)
        {
            throw new BenchFailure("row 7 needs --server-dll to start its two servers");
        }

        string[] args = ["--Packages:AllowPrivateHosts=true", "--Discovery:Enabled=false", "--Logging:LogLevel:Default=Warning"];
        using var origin = new GuestOrigin(Path.Combine(repoRoot, "bench", "guests", "memfill.wasm"));
        using var a = await UtilityProcess.StartAsync(serverDll, TimeSpan.FromSeconds(30), args);
        using var b = await UtilityProcess.StartAsync(serverDll, TimeSpan.FromSeconds(30), args);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        var rows = new List<ResultRow>();
        foreach (var mb in Sizes)
        {
            var snapshot = new List<double>();
            var restore = new List<double>();
            long size = 0;
            // One unmeasured round first: the first large allocations and page faults of each size are a one-time cost.
            for (var i = -1; i < repeats; i++)
            {
                var source = await CreateAsync(http, a.Url, new { package = origin.ManifestUrl, integrity = origin.ManifestIntegrity });
                var sum = await AskAsync(http, a.Url, source, $$"""{"fill":{{mb}}}""");
                var clock = Stopwatch.StartNew();
                var taken = await PostAsync(http, new Uri(a.Url, $"/v1/workers/{source.Id}/snapshots"), null, source.Token);
                var snapshotMs = clock.Elapsed.TotalMilliseconds;
                size = taken.GetProperty("sizeBytes").GetInt64();
                clock.Restart();
                var restored = await CreateAsync(http, b.Url, new { snapshot = taken.GetProperty("url").GetString(), token = taken.GetProperty("token").GetString() });
                if (i >= 0)
                {
                    snapshot.Add(snapshotMs);
                    restore.Add(clock.Elapsed.TotalMilliseconds);
                }

                var after = await AskAsync(http, b.Url, restored, """{"sum":1}""");
                if (after != sum)
                {
                    throw new BenchFailure($"the restored {mb} MiB worker reports sum {after}, the original {sum}");
                }

                await DeleteAsync(http, a.Url, source);
                await DeleteAsync(http, b.Url, restored);
            }

            var total = snapshot.Zip(restore, (s, r) => s + r).ToList();
            var target = mb == 16 ? "< 100 ms" : "—";
            var verdict = mb == 16 ? (Median(total) < 100 ? Verdict.Met : Verdict.Missed) : Verdict.NoTarget;
            rows.Add(new ResultRow($"7.{mb}", $"Snapshot + restore between two utilities, {mb} MiB worker, ms",
                string.Create(CultureInfo.InvariantCulture,
                    $"median {Median(total):0.0} ms (snapshot {Median(snapshot):0.0} + pull and restore {Median(restore):0.0}; n={repeats}); snapshot {size / 1048576.0:0.00} MiB; restored memory sum matches"),
                target, verdict));
        }

        return rows;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task<(string Id, string Token)> CreateAsync(HttpClient http, Uri server, object body)
    {
        var created = await PostAsync(http, new Uri(server, "/v1/workers"), body, null);
        return (created.GetProperty("id").GetString()!, created.GetProperty("token").GetString()!);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, Uri url, object? body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201)
        {
            throw new BenchFailure($"POST {url} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Posts one message and reads the worker's next message event from its event stream.</summary>
    private static async Task<string> AskAsync(HttpClient http, Uri server, (string Id, string Token) worker, string message)
    {
        using var events = new HttpRequestMessage(HttpMethod.Get, new Uri(server, $"/v1/workers/{worker.Id}/events"));
        events.Headers.Authorization = new AuthenticationHeaderValue("Bearer", worker.Token);
        using var stream = await http.SendAsync(events, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(server, $"/v1/workers/{worker.Id}/messages"))
        {
            Content = new StringContent(message, System.Text.Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", worker.Token);
        (await http.SendAsync(post)).EnsureSuccessStatusCode();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? kind = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind == "message")
            {
                var data = JsonDocument.Parse(line[6..]).RootElement;
                if (data.TryGetProperty("sum", out var sum) && data.GetProperty("mb").GetInt32() != 0)
                {
                    return sum.GetString()!;
                }
            }
        }

        throw new BenchFailure("the worker's event stream ended without its answer");
    }

    private static async Task DeleteAsync(HttpClient http, Uri server, (string Id, string Token) worker)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(server, $"/v1/workers/{worker.Id}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", worker.Token);
        (await http.SendAsync(request)).Dispose();
    }
}
