namespace ComputeUtility.Browser.Tests.Hosting;

/// <summary>
/// The utility process started with --lan, reached from a LAN address of the private test network:
/// devices create work only with the owner's access token (spec section 4.1).
/// </summary>
public sealed class LanAccessTests : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("cu-lan-").FullName;
    private UtilityProcess _utility = null!;
    private readonly HttpClient _lan = new() { Timeout = TimeSpan.FromSeconds(30) };

    private string TokenFile => Path.Combine(_state, "access-tokens.json");

    public async Task InitializeAsync()
    {
        TestNetwork.Require();
        _utility = await UtilityProcess.StartAsync("--lan", "--Lan:AccessTokenFile=" + TokenFile, "--Packages:AllowPrivateHosts=true");
        _lan.BaseAddress = new Uri($"http://{TestNetwork.LanAddress}:{_utility.Port}");
    }

    public async Task DisposeAsync()
    {
        _lan.Dispose();
        await _utility.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Serving_the_lan_refuses_to_create_workers_without_the_access_token_and_creates_them_with_it()
    {
        var body = new { package = $"{_lan.BaseAddress}demo/echo/manifest.json", integrity = Integrity.Of("echo") };

        var without = await _lan.PostAsJsonAsync("/v1/workers", body);
        var descriptor = await _lan.GetFromJsonAsync<JsonElement>("/.well-known/compute-utility");
        var withToken = new HttpRequestMessage(HttpMethod.Post, "/v1/workers") { Content = JsonContent.Create(body) };
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FirstToken());
        var with = await _lan.SendAsync(withToken);

        without.StatusCode.Should().Be(HttpStatusCode.Unauthorized, _utility.Output);
        without.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await without.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString()
            .Should().Be("urn:compute-utility:problem:access-token-required");
        descriptor.GetProperty("policies").GetProperty("authentication").GetString().Should().Be("access-token");
        with.StatusCode.Should().Be(HttpStatusCode.Created, await with.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_owners_dashboard_and_its_tokens_are_not_served_to_the_lan()
    {
        var state = await _lan.GetAsync("/dashboard/state");
        var home = await _lan.GetStringAsync("/");
        var pair = await _lan.GetAsync("/pair");

        state.StatusCode.Should().Be(HttpStatusCode.NotFound);
        home.Should().Contain("Compute Utility").And.NotContain(FirstToken());
        pair.StatusCode.Should().Be(HttpStatusCode.OK, "a phone opens the pairing link over the LAN");
    }

    [Fact]
    public async Task Metrics_are_the_owners_like_the_dashboard_and_not_served_to_the_lan()
    {
        using var owner = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var fromLan = await _lan.GetAsync("/metrics");
        var fromOwner = await owner.GetAsync($"http://127.0.0.1:{_utility.Port}/metrics");

        fromLan.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await fromLan.Content.ReadAsStringAsync()).Should().NotContain("# TYPE");
        fromOwner.StatusCode.Should().Be(HttpStatusCode.OK);
        (await fromOwner.Content.ReadAsStringAsync()).Should().Contain("# TYPE");
    }

    [Fact]
    public async Task A_token_revoked_on_the_dashboard_creates_nothing_more()
    {
        using var owner = new HttpClient { BaseAddress = _utility.Url };
        var created = await (await owner.PostAsJsonAsync("/dashboard/tokens", new { label = "borrowed phone" })).Content.ReadFromJsonAsync<JsonElement>();
        var secret = created.GetProperty("secret").GetString()!;
        var body = new { package = $"{_lan.BaseAddress}demo/echo/manifest.json", integrity = Integrity.Of("echo") };
        (await CreateAsync(body, secret)).StatusCode.Should().Be(HttpStatusCode.Created);

        var revoke = await owner.PostAsync($"/dashboard/tokens/{created.GetProperty("id").GetString()}/revoke", JsonContent.Create(new { }));
        var after = await CreateAsync(body, secret);

        revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        after.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        after.Headers.WwwAuthenticate.ToString().Should().Contain("invalid_token");
    }

    private Task<HttpResponseMessage> CreateAsync(object body, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/workers") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _lan.SendAsync(request);
    }

    /// <summary>The token the utility made for the first device when it started serving the LAN.</summary>
    private string FirstToken() =>
        JsonDocument.Parse(File.ReadAllText(TokenFile)).RootElement.EnumerateArray().First().GetProperty("secret").GetString()!;
}
