using NJsonSchema;

namespace ComputeUtility.Server.Tests.Descriptor;

public sealed class DescriptorEndpointTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    private const string Path = "/.well-known/compute-utility";

    [Fact]
    public async Task The_descriptor_validates_against_the_schema_in_the_spec()
    {
        var schema = await JsonSchema.FromFileAsync(Repo.Spec("schemas/descriptor.schema.json"));
        await CreatedWorker.CreateAsync(utility.Client, utility.Echo); // so live figures are present too

        var response = await utility.Client.GetAsync(Path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        schema.Validate(await response.Content.ReadAsStringAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_descriptor_publishes_the_configured_limits_and_live_load()
    {
        await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        var body = await utility.Client.GetFromJsonAsync<JsonElement>(Path);

        body.GetProperty("apiVersion").GetString().Should().Be("1.0");
        body.GetProperty("limits").GetProperty("messageDeadlineMs").GetInt32().Should().Be(500);
        body.GetProperty("limits").GetProperty("maxMemoryBytesPerWorker").GetInt64().Should().Be(16 * 1024 * 1024);
        body.GetProperty("load").GetProperty("workers").GetInt32().Should().BePositive();
        body.GetProperty("latency").GetProperty("workerStartMs").GetProperty("samples").GetInt64().Should().BePositive();
        body.GetProperty("runtimes")[0].GetProperty("abi").EnumerateArray().Select(a => a.GetString()).Should().Contain("cu1");
        body.GetProperty("features").EnumerateArray().Select(f => f.GetString()).Should().Contain(["estimates", "snapshots"]);
    }

    [Fact]
    [Requirement("CU-WRK-17")]
    public async Task CU_WRK_17_the_descriptor_publishes_the_orphan_timeout_no_longer_than_the_idle_timeout()
    {
        var limits = (await utility.Client.GetFromJsonAsync<JsonElement>(Path)).GetProperty("limits");

        var orphan = limits.GetProperty("orphanTimeoutSeconds").GetInt32();
        orphan.Should().BePositive().And.BeLessThanOrEqualTo(limits.GetProperty("idleTimeoutSeconds").GetInt32());
    }

    [Fact]
    [Requirement("CU-CHAN-28")]
    public async Task CU_CHAN_28_the_descriptor_publishes_the_heartbeat_interval_of_15_seconds_by_default()
    {
        var limits = (await utility.Client.GetFromJsonAsync<JsonElement>(Path)).GetProperty("limits");

        limits.GetProperty("heartbeatIntervalMs").GetInt32().Should().Be(15_000);
    }

    [Fact]
    [Requirement("CU-SEC-12")]
    public async Task CU_SEC_12_the_descriptor_publishes_the_per_client_caps_on_connections_and_event_streams()
    {
        var limits = (await utility.Client.GetFromJsonAsync<JsonElement>(Path)).GetProperty("limits");

        // Unset, each follows the cap above it: half of maxConnections, then half of that.
        limits.GetProperty("maxConnectionsPerClient").GetInt32().Should().Be(limits.GetProperty("maxConnections").GetInt32() / 2);
        limits.GetProperty("maxEventStreamsPerClient").GetInt32().Should().Be(limits.GetProperty("maxConnectionsPerClient").GetInt32() / 2);
    }

    [Fact]
    public async Task The_descriptor_has_an_etag_and_answers_304_to_a_matching_if_none_match()
    {
        var first = await utility.Client.GetAsync(Path);
        var etag = first.Headers.ETag!;
        var conditional = new HttpRequestMessage(HttpMethod.Get, Path);
        conditional.Headers.IfNoneMatch.Add(etag);

        var second = await utility.Client.SendAsync(conditional);

        first.Headers.CacheControl!.MaxAge.Should().BeGreaterThan(TimeSpan.Zero);
        // The load figures may change between the two calls; then a fresh 200 is right too.
        if (second.StatusCode == HttpStatusCode.OK)
        {
            second.Headers.ETag.Should().NotBe(etag);
        }
        else
        {
            second.StatusCode.Should().Be(HttpStatusCode.NotModified);
        }
    }

    [Fact]
    public async Task Head_answers_like_get_without_a_body()
    {
        var response = await utility.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Path));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag.Should().NotBeNull();
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_descriptor_version_stays_the_same_while_only_load_changes()
    {
        var before = await utility.Client.GetFromJsonAsync<JsonElement>(Path);
        await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        var after = await utility.Client.GetFromJsonAsync<JsonElement>(Path);

        after.GetProperty("descriptorVersion").GetInt64().Should().Be(before.GetProperty("descriptorVersion").GetInt64());
    }

    [Fact]
    public async Task Health_answers_ok()
    {
        var body = await utility.Client.GetFromJsonAsync<JsonElement>("/healthz");

        body.GetProperty("status").GetString().Should().Be("ok");
    }
}
