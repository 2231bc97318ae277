using System.Diagnostics;

namespace ComputeUtility.Server.Tests.Packages;

/// <summary>
/// Nothing one page origin leaves behind serves another (spec 17, CU-SEC-13, CU-EST-6): two origins publish the same
/// packages (the same bytes, so the same digests), and each is fetched, compiled and learned from on its own.
/// </summary>
public sealed class OriginPartitionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestOrigin _a = null!;
    private TestOrigin _b = null!;
    private TestPackage _echoA = null!;
    private TestPackage _echoB = null!;
    private TestPackage _cubesA = null!;
    private TestPackage _cubesB = null!;
    private UtilityFactory _factory = null!;
    private HttpClient _client = null!;

    private string OriginA => _a.BaseUri.GetLeftPart(UriPartial.Authority);

    private string OriginB => _b.BaseUri.GetLeftPart(UriPartial.Authority);

    public async Task InitializeAsync()
    {
        _a = await TestOrigin.StartAsync();
        _b = await TestOrigin.StartAsync();
        _echoA = TestPackage.Publish(_a, "echo", Repo.Example("echo/echo.wasm"));
        _echoB = TestPackage.Publish(_b, "echo", Repo.Example("echo/echo.wasm"));
        _cubesA = TestPackage.Publish(_a, "cubes", Repo.Example("cubes/cubes.wasm"));
        _cubesB = TestPackage.Publish(_b, "cubes", Repo.Example("cubes/cubes.wasm"));
        // The pages of both origins may call the utility; this does not rely on a '*' default.
        _factory = new UtilityFactory(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = OriginA, ["Cors:AllowedOrigins:1"] = OriginB });
        _client = _factory.Start();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    [Requirement("CU-SEC-13")]
    public async Task CU_SEC_13_a_package_fetched_and_compiled_for_one_origin_is_fetched_and_compiled_again_for_another()
    {
        var modules = _factory.Services.GetRequiredService<ModuleCache>();
        await CreateAsync(_echoA, OriginA); // the server's first worker pays for warming up; the figures below do not

        var firstA = await CreateAsync(_cubesA, OriginA);
        var secondA = await CreateAsync(_cubesA, OriginA);
        (_a.Hits("cubes/cubes.wasm"), modules.Compilations).Should().Be((1, 2), "origin A's second worker uses A's cached module");

        var firstB = await CreateAsync(_cubesB, OriginB);
        (_b.Hits("cubes/cubes.wasm"), _b.Hits("cubes/manifest.json"), modules.Compilations).Should().Be((1, 1, 3),
            "B finds nothing of A's: its manifest and module are fetched from B and compiled again");

        await CreateAsync(_cubesA, origin: null);
        (_a.Hits("cubes/cubes.wasm"), modules.Compilations).Should().Be((2, 4), "programs are a partition of their own");

        // A figure for the note, not a bound: what partitioning costs the second origin (a fetch and a compilation).
        output.WriteLine($"cubes.wasm (36 KB) worker created: origin A first {firstA.TotalMilliseconds:F1} ms, A again {secondA.TotalMilliseconds:F1} ms, " +
                         $"origin B first {firstB.TotalMilliseconds:F1} ms");
    }

    [Fact]
    [Requirement("CU-EST-6")]
    public async Task CU_EST_6_runs_created_from_one_origin_do_not_inform_an_estimate_asked_by_another()
    {
        var worker = await CreatedWorkerAsync(_echoA, OriginA);
        for (var i = 0; i < 5; i++)
        {
            using var post = worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(new string('x', 100)));
            (await _client.SendAsync(post)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        await worker.WaitForMessagesOutAsync(_client, 5);

        (await RunsAsync(OriginA)).Should().Be(5);
        (await RunsAsync(OriginB)).Should().Be(0);
        (await RunsAsync(origin: null)).Should().Be(0);
    }

    private async Task<TimeSpan> CreateAsync(TestPackage package, string? origin)
    {
        var started = Stopwatch.GetTimestamp();
        await CreatedWorkerAsync(package, origin);
        return Stopwatch.GetElapsedTime(started);
    }

    private async Task<CreatedWorker> CreatedWorkerAsync(TestPackage package, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/workers") { Content = JsonContent.Create(package.CreateBody) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.ToString());
        return new CreatedWorker(body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!, body);
    }

    private async Task<long> RunsAsync(string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/estimates")
        {
            Content = JsonContent.Create(new { package = _echoA.ManifestUrl, integrity = _echoA.Integrity, inputBytes = 100 }),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await _client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("basedOnRuns").GetInt64();
    }
}
