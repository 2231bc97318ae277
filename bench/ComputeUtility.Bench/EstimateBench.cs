using System.Buffers.Binary;
using System.Net.Http.Json;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 8: how far the utility's estimates are from what then happens. The blur worker's cost
/// grows with the image, so its estimate must follow the size; the spheres task's does not.
/// Actual worker time is the growth of the worker's cpuTimeMs across one message; actual task
/// time is the task's durationMs. Each prediction is asked for before its run.
/// </summary>
internal sealed class EstimateBench(Uri server)
{
    private static readonly DemoPackage Blur = new("blur", "/demo/blur/manifest.json");

    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        var random = new Random(7);
        var created = await PostJsonAsync(http, "/v1/workers", new { package = Blur.ManifestUrl(server), integrity = Blur.Integrity }, null, 201);
        var (id, token) = (created.GetProperty("id").GetString()!, created.GetProperty("token").GetString()!);
        for (var i = 0; i < 12; i++)
        {
            await BlurAsync(http, id, token, random.Next(64, 513), random.Next(64, 513));
        }

        var blurErrors = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            var (width, height) = (random.Next(64, 513), random.Next(64, 513));
            var predicted = await PredictAsync(http, Blur, 12 + (width * height * 4));
            var actual = await BlurAsync(http, id, token, width, height);
            blurErrors.Add(Math.Abs(predicted - actual) / actual);
        }

        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"/v1/workers/{id}") { Headers = { Authorization = new("Bearer", token) } })
        {
            (await http.SendAsync(delete)).Dispose();
        }

        var spheresErrors = new List<double>();
        var spheres = DemoPackage.Spheres;
        for (var i = 0; i < 11; i++)
        {
            var predicted = i >= 3 ? await PredictAsync(http, spheres, 0) : 0;
            var result = await PostJsonAsync(http, "/v1/tasks", new { package = spheres.ManifestUrl(server), integrity = spheres.Integrity, args = new[] { "500", "200" } }, null, 200);
            var actual = result.GetProperty("durationMs").GetDouble();
            if (i >= 3)
            {
                spheresErrors.Add(Math.Abs(predicted - actual) / actual);
            }
        }

        return [Row("8.1", "blur worker, 64–512 px images (cost grows with size)", blurErrors), Row("8.2", "spheres task, 500 × 200 (fixed size)", spheresErrors)];
    }

    private static ResultRow Row(string number, string what, List<double> errors)
    {
        var median = errors.Order().ElementAt(errors.Count / 2);
        return new ResultRow(number, $"Estimate error, {what}", string.Create(CultureInfo.InvariantCulture,
                $"median {median * 100:0}% , mean {errors.Average() * 100:0}%, max {errors.Max() * 100:0}% (|predicted − actual| / actual, n={errors.Count})"),
            "within 25 %", median <= 0.25 ? Verdict.Met : Verdict.Missed);
    }

    /// <summary>Blurs one generated image (radius 8) and returns the worker's compute time for it.</summary>
    private static async Task<double> BlurAsync(HttpClient http, string id, string token, int width, int height)
    {
        var before = await WorkerAsync(http, id, token);
        var message = new byte[12 + (width * height * 4)];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)width);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(4), (uint)height);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), 8);
        new Random(width * height).NextBytes(message.AsSpan(12));
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/v1/workers/{id}/messages") { Content = new ByteArrayContent(message) };
        post.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await http.SendAsync(post)).EnsureSuccessStatusCode();
        for (var i = 0; i < 600; i++)
        {
            var after = await WorkerAsync(http, id, token);
            if (after.GetProperty("messagesIn").GetInt64() > before.GetProperty("messagesIn").GetInt64())
            {
                return after.GetProperty("cpuTimeMs").GetDouble() - before.GetProperty("cpuTimeMs").GetDouble();
            }

            await Task.Delay(10);
        }

        throw new BenchFailure("the blur worker did not finish a message within 6 s");
    }

    private static async Task<JsonElement> WorkerAsync(HttpClient http, string id, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/workers/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<double> PredictAsync(HttpClient http, DemoPackage package, long inputBytes) =>
        (await PostJsonAsync(http, "/v1/estimates", new { package = package.ManifestUrl(server), integrity = package.Integrity, inputBytes }, null, 200))
            .GetProperty("computeMs").GetDouble();

    private static async Task<JsonElement> PostJsonAsync(HttpClient http, string path, object body, string? token, int expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != expected)
        {
            throw new BenchFailure($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
