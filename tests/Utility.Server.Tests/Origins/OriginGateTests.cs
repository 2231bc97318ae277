namespace ComputeUtility.Server.Tests.Origins;

/// <summary>
/// A utility on the default settings (no page origin configured): pages on other origins are refused until the owner
/// allows them on the dashboard, and the refusal comes before anything is fetched (section 15.1).
/// </summary>
public sealed class OriginGateTests : IAsyncLifetime
{
    private readonly UtilityFactory _factory = new();
    private TestOrigin _origin = null!;
    private TestPackage _echo = null!;
    private HttpClient _client = null!;

    private string Page => _origin.BaseUri.GetLeftPart(UriPartial.Authority);

    public async Task InitializeAsync()
    {
        _origin = await TestOrigin.StartAsync();
        _echo = TestPackage.Publish(_origin, "echo", Repo.Example("echo/echo.wasm"));
        _client = _factory.Start();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _origin.DisposeAsync();
    }

    [Fact]
    [Requirement("CU-PERM-1", "CU-PERM-4")]
    public async Task CU_PERM_1_a_page_origin_the_owner_has_not_allowed_is_refused_with_403_before_the_utility_connects_to_it()
    {
        using var recorder = new ConnectionRecorder();
        var page = $"http://127.0.0.1:{recorder.Port}";
        var body = new { package = $"{page}/app/manifest.json", integrity = TestPackage.Sri([1]) };

        var response = await _client.SendAsync(FromPage(page, HttpMethod.Post, "/v1/workers", body));

        var problem = await response.ShouldBeProblemAsync("origin-not-permitted", HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString().Should().Contain(page).And.Contain($"{_factory.BaseUri.GetLeftPart(UriPartial.Authority)}/");
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(page);
        response.Headers.Vary.Should().Contain("Origin");
        recorder.Connections.Should().Be(0);
    }

    [Fact]
    public async Task The_same_request_from_a_page_origin_listed_in_the_settings_does_reach_the_origin()
    {
        using var recorder = new ConnectionRecorder();
        var page = $"http://127.0.0.1:{recorder.Port}";
        await using var factory = new UtilityFactory(new Dictionary<string, string?>
        {
            ["Cors:AllowedOrigins:0"] = page,
            ["Packages:FetchRetries"] = "1",
        });
        using var client = factory.Start();
        var body = new { package = $"{page}/app/manifest.json", integrity = TestPackage.Sri([1]) };

        var response = await client.SendAsync(FromPage(page, HttpMethod.Post, "/v1/workers", body));

        await response.ShouldBeProblemAsync("package-fetch-failed", HttpStatusCode.BadGateway);
        recorder.Connections.Should().BeGreaterThan(0, "the recorder sees what the gate prevents");
    }

    [Fact]
    public async Task After_the_owner_allows_a_page_origin_on_the_dashboard_its_request_creates_a_worker_and_after_revoking_it_is_refused_again()
    {
        (await _client.SendAsync(FromPage(Page, HttpMethod.Post, "/v1/workers", _echo.CreateBody)))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await Owner("allow", Page)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var created = await _client.SendAsync(FromPage(Page, HttpMethod.Post, "/v1/workers", _echo.CreateBody));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        created.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(Page);

        (await Owner("revoke", Page)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var refused = await _client.SendAsync(FromPage(Page, HttpMethod.Post, "/v1/workers", _echo.CreateBody));
        await refused.ShouldBeProblemAsync("origin-not-permitted", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_worker_created_while_the_origin_was_allowed_is_refused_to_that_page_once_revoked()
    {
        await Owner("allow", Page);
        var created = await (await _client.SendAsync(FromPage(Page, HttpMethod.Post, "/v1/workers", _echo.CreateBody))).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        await Owner("revoke", Page);

        var channel = FromPage(Page, HttpMethod.Get, $"/v1/workers/{id}/channel");
        channel.Headers.Authorization = new("Bearer", created.GetProperty("token").GetString());

        await (await _client.SendAsync(channel)).ShouldBeProblemAsync("origin-not-permitted", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_refused_attempt_to_start_work_is_shown_to_the_owner_as_pending_once_per_origin_with_a_count()
    {
        await _client.SendAsync(FromPage(Page, HttpMethod.Post, "/v1/workers", _echo.CreateBody));
        await _client.SendAsync(FromPage(Page, HttpMethod.Post, "/v1/tasks", _echo.CreateBody));
        await _client.SendAsync(FromPage("https://reader.example", HttpMethod.Get, "/v1/workers/w-any"));

        var pending = (await State()).GetProperty("origins").GetProperty("pending");

        pending.GetArrayLength().Should().Be(1, "reading is not asking to run work: {0}", pending);
        pending[0].GetProperty("origin").GetString().Should().Be(Page);
        pending[0].GetProperty("attempts").GetInt32().Should().Be(2);
    }

    [Fact]
    [Requirement("CU-CORS-3")]
    public async Task CU_CORS_3_a_denied_origin_gets_no_cors_headers_and_is_not_asked_about_again()
    {
        await _client.SendAsync(FromPage(Page, HttpMethod.Post, "/v1/workers", _echo.CreateBody));
        (await Owner("deny", Page)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var refused = await _client.SendAsync(FromPage(Page, HttpMethod.Post, "/v1/workers", _echo.CreateBody));
        var preflight = FromPage(Page, HttpMethod.Options, "/v1/workers");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var preflightAnswer = await _client.SendAsync(preflight);
        var descriptor = await _client.SendAsync(FromPage(Page, HttpMethod.Get, "/.well-known/compute-utility"));

        await refused.ShouldBeProblemAsync("origin-not-permitted", HttpStatusCode.Forbidden);
        await preflightAnswer.ShouldBeProblemAsync("origin-not-permitted", HttpStatusCode.Forbidden);
        foreach (var answer in new[] { refused, preflightAnswer, descriptor })
        {
            answer.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        }

        var origins = (await State()).GetProperty("origins");
        origins.GetProperty("pending").GetArrayLength().Should().Be(0);
        origins.GetProperty("denied")[0].GetProperty("origin").GetString().Should().Be(Page);
    }

    [Fact]
    [Requirement("CU-PERM-3")]
    public async Task CU_PERM_3_programs_without_an_origin_and_the_descriptor_for_any_page_are_served_as_before()
    {
        var program = await _client.PostAsJsonAsync("/v1/workers", _echo.CreateBody);
        var descriptor = await _client.SendAsync(FromPage("https://any.example", HttpMethod.Get, "/.well-known/compute-utility"));
        var health = await _client.SendAsync(FromPage("https://any.example", HttpMethod.Get, "/healthz"));

        program.StatusCode.Should().Be(HttpStatusCode.Created);
        descriptor.StatusCode.Should().Be(HttpStatusCode.OK);
        descriptor.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://any.example");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    [Requirement("CU-PERM-2")]
    public async Task CU_PERM_2_the_utilitys_own_origin_passes_the_gate()
    {
        var own = _factory.BaseUri.GetLeftPart(UriPartial.Authority);

        var response = await _client.SendAsync(FromPage(own, HttpMethod.Post, "/v1/workers", _echo.CreateBody));

        // Past the gate, the origin rule judges the package, which is on another origin than the page.
        await response.ShouldBeProblemAsync("origin-not-allowed", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_opaque_origin_null_is_refused()
    {
        var response = await _client.SendAsync(FromPage("null", HttpMethod.Post, "/v1/workers", _echo.CreateBody));

        await response.ShouldBeProblemAsync("origin-not-permitted", HttpStatusCode.Forbidden);
        _origin.Hits("echo/manifest.json").Should().Be(0);
    }

    [Theory]
    [InlineData("{\"origin\":\"not an origin\"}")]
    [InlineData("{\"origin\":\"https://app.example/path\"}")]
    [InlineData("{\"origin\":\"null\"}")]
    [InlineData("{\"origin\":\"\"}")]
    [InlineData("{}")]
    [InlineData("{\"origin\":\"https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example\"}")]
    [InlineData("{\"origin\":")]
    public async Task Bad_input_to_the_dashboards_origin_endpoints_is_refused_with_400(string body)
    {
        foreach (var action in new[] { "allow", "deny", "revoke" })
        {
            var response = await _client.PostAsync($"/dashboard/origins/{action}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

            await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Another_page_cannot_allow_itself_through_the_dashboard()
    {
        var request = FromPage(Page, HttpMethod.Post, "/dashboard/origins/allow", new { origin = Page });

        var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.SendAsync(FromPage(Page, HttpMethod.Post, "/v1/workers", _echo.CreateBody))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static HttpRequestMessage FromPage(string origin, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Origin", origin);
        return request;
    }

    private Task<HttpResponseMessage> Owner(string action, string origin) =>
        _client.PostAsJsonAsync($"/dashboard/origins/{action}", new { origin });

    private async Task<JsonElement> State() => await _client.GetFromJsonAsync<JsonElement>("/dashboard/state");
}
