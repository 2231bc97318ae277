using ComputeUtility.Server.Descriptor;
using ComputeUtility.Server.Measurements;
using NJsonSchema;

namespace ComputeUtility.Server.Tests.Descriptor;

/// <summary>
/// What a page on another origin reads in the descriptor (spec 5.1): an id of its own, no name, coarse hardware, load as a
/// pressure state. The utility's CPU reading runs on a clock and a CPU time the test sets, so load moves only when told.
/// </summary>
public sealed class CrossOriginDescriptorTests : IAsyncLifetime
{
    private const string Path = "/.well-known/compute-utility";
    private const string PageA = "https://app.example";
    private const string PageB = "https://other.example";
    private readonly string _secret = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cu-secret-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _cpuClock = new();
    private TimeSpan _cpuTime;
    private UtilityFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        (_factory, _client) = Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        File.Delete(_secret);
    }

    [Fact]
    [Requirement("CU-DESC-11")]
    public async Task CU_DESC_11_a_page_on_another_origin_gets_no_name_no_fine_hardware_and_load_only_as_a_pressure_state()
    {
        var full = await DescribeAsync(origin: null);
        var seen = await DescribeAsync(PageA);

        full.GetProperty("name").GetString().Should().NotBeNullOrEmpty();
        seen.TryGetProperty("name", out _).Should().BeFalse();
        seen.GetProperty("hardware").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("cores", "memoryBytes");
        IsPowerOfTwo(seen.GetProperty("hardware").GetProperty("cores").GetInt64()).Should().BeTrue();
        IsPowerOfTwo(seen.GetProperty("hardware").GetProperty("memoryBytes").GetInt64()).Should().BeTrue();
        seen.GetProperty("hardware").GetProperty("cores").GetInt64().Should().BeLessThanOrEqualTo(full.GetProperty("hardware").GetProperty("cores").GetInt64());
        seen.GetProperty("load").EnumerateObject().Select(p => p.Name).Should().Equal("pressure");
        seen.GetProperty("limits").GetRawText().Should().Be(full.GetProperty("limits").GetRawText(), "a page places work by the limits");
        var schema = await JsonSchema.FromFileAsync(Repo.Spec("schemas/descriptor.schema.json"));
        schema.Validate(seen.GetRawText()).Should().BeEmpty();
    }

    [Fact]
    [Requirement("CU-DESC-11")]
    public async Task CU_DESC_11_a_page_on_another_origin_sees_latency_to_two_significant_digits_without_samples()
    {
        var latency = _factory.Services.GetRequiredService<LatencyBook>();
        latency.WorkerStart.Record(TimeSpan.FromMilliseconds(123.456));

        var full = (await DescribeAsync(origin: null)).GetProperty("latency").GetProperty("workerStartMs");
        var seen = (await DescribeAsync(PageA)).GetProperty("latency").GetProperty("workerStartMs");

        full.GetProperty("p50").GetDouble().Should().Be(123.456);
        seen.GetProperty("p50").GetDouble().Should().Be(120);
        seen.GetProperty("p99").GetDouble().Should().Be(120);
        seen.TryGetProperty("samples", out _).Should().BeFalse();
    }

    [Fact]
    [Requirement("CU-DESC-12")]
    public async Task CU_DESC_12_two_origins_get_different_ids_and_one_origin_the_same_id_each_time()
    {
        var program = (await DescribeAsync(origin: null)).GetProperty("id").GetString();
        var a = (await DescribeAsync(PageA)).GetProperty("id").GetString();
        var b = (await DescribeAsync(PageB)).GetProperty("id").GetString();
        var aAgain = (await DescribeAsync(PageA.ToUpperInvariant() + ":443")).GetProperty("id").GetString();

        new[] { program, a, b }.Should().OnlyHaveUniqueItems();
        aAgain.Should().Be(a, "the same origin, however it is spelled, keeps its id");
    }

    [Fact]
    [Requirement("CU-DESC-12")]
    public async Task CU_DESC_12_an_origin_keeps_its_id_across_a_restart_from_a_secret_only_the_owner_can_read()
    {
        var before = (await DescribeAsync(PageA)).GetProperty("id").GetString();
        var (factory, client) = Start();
        string? after;
        using (client)
        await using (factory)
        {
            after = (await DescribeAsync(PageA, client)).GetProperty("id").GetString();
        }

        after.Should().Be(before);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(_secret).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    [Requirement("CU-DESC-12")]
    public async Task CU_DESC_12_the_full_descriptors_id_stays_the_same_across_a_restart_and_is_none_of_the_ids_pages_see()
    {
        var before = (await DescribeAsync(origin: null)).GetProperty("id").GetString();
        var page = (await DescribeAsync(PageA)).GetProperty("id").GetString();
        var (factory, client) = Start();
        string? after;
        using (client)
        await using (factory)
        {
            after = (await DescribeAsync(origin: null, client)).GetProperty("id").GetString();
        }

        after.Should().Be(before);
        before.Should().NotBe(page);
    }

    [Fact]
    public async Task Programs_and_the_utilitys_own_pages_get_the_full_descriptor()
    {
        var program = await DescribeAsync(origin: null);
        var own = await DescribeAsync(_factory.BaseUri.GetLeftPart(UriPartial.Authority));

        own.GetProperty("id").GetString().Should().Be(program.GetProperty("id").GetString());
        own.GetProperty("name").GetString().Should().Be(program.GetProperty("name").GetString());
        own.GetProperty("load").TryGetProperty("cpuUtilization", out _).Should().BeTrue();
        own.GetProperty("hardware").TryGetProperty("architecture", out _).Should().BeTrue();
    }

    [Theory]
    [Requirement("CU-DESC-13")]
    [InlineData("GET", null)]
    [InlineData("GET", PageA)]
    [InlineData("HEAD", null)]
    [InlineData("HEAD", PageA)]
    public async Task CU_DESC_13_every_descriptor_answer_varies_by_origin_a_304_included(string method, string? origin)
    {
        using var first = await _client.SendAsync(Request(new HttpMethod(method), origin));
        using var conditional = Request(new HttpMethod(method), origin);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await _client.SendAsync(conditional);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
        first.Headers.Vary.Should().Contain("Origin");
        second.Headers.Vary.Should().Contain("Origin");
    }

    [Fact]
    [Requirement("CU-DESC-11", "CU-DESC-14")]
    public async Task CU_DESC_11_the_etag_a_page_on_another_origin_sees_stays_while_fine_load_moves_within_one_pressure_state()
    {
        SetCpu(0.05);
        var (programBefore, pageBefore) = (await EtagAsync(null), await EtagAsync(PageA));
        SetCpu(0.2);
        var (programAfter, pageAfter) = (await EtagAsync(null), await EtagAsync(PageA));
        SetCpu(0.7);
        var pageSerious = await EtagAsync(PageA);

        programAfter.Should().NotBe(programBefore, "the program sees cpuUtilization move from 0.05 to 0.2");
        pageAfter.Should().Be(pageBefore, "both are nominal");
        pageSerious.Should().NotBe(pageAfter, "0.7 is serious");
        (await DescribeAsync(PageA)).GetProperty("load").GetProperty("pressure").GetString().Should().Be("serious");
    }

    [Theory]
    [Requirement("CU-DESC-14")]
    [InlineData(0.0, 0, 0, "nominal")]
    [InlineData(0.29, 0, 63, "nominal")]
    [InlineData(0.3, 0, 0, "fair")]
    [InlineData(0.59, 0, 0, "fair")]
    [InlineData(0.6, 0, 0, "serious")]
    [InlineData(0.1, 1, 0, "serious")]
    [InlineData(0.9, 0, 0, "critical")]
    [InlineData(0.1, 0, 64, "critical")]
    public void CU_DESC_14_the_pressure_state_follows_the_thresholds_of_the_spec(double cpu, int tasksWaiting, int workers, string state) =>
        PressureState.Of(cpu, tasksWaiting, workers, maxWorkers: 64).Should().Be(state);

    private (UtilityFactory Factory, HttpClient Client) Start()
    {
        var factory = new UtilityFactory(new Dictionary<string, string?> { ["Utility:SecretFile"] = _secret },
            services => services.AddSingleton(new CpuMeter(_cpuClock, () => _cpuTime)));
        return (factory, factory.Start());
    }

    /// <summary>The utility used <paramref name="fraction"/> of all cores over the next second of the CPU meter's clock.</summary>
    private void SetCpu(double fraction)
    {
        _cpuTime += TimeSpan.FromSeconds(fraction * Environment.ProcessorCount);
        _cpuClock.Advance(TimeSpan.FromSeconds(1));
    }

    private static HttpRequestMessage Request(HttpMethod method, string? origin)
    {
        var request = new HttpRequestMessage(method, Path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    private async Task<JsonElement> DescribeAsync(string? origin, HttpClient? client = null)
    {
        using var response = await (client ?? _client).SendAsync(Request(HttpMethod.Get, origin));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<EntityTagHeaderValue> EtagAsync(string? origin)
    {
        using var response = await _client.SendAsync(Request(HttpMethod.Head, origin));
        return response.Headers.ETag!;
    }

    private static bool IsPowerOfTwo(long value) => value > 0 && (value & (value - 1)) == 0;
}
