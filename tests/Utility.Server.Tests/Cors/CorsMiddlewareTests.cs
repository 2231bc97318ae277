namespace ComputeUtility.Server.Tests.Cors;

public sealed class CorsMiddlewareTests : IAsyncLifetime
{
    private readonly UtilityFactory _factory = new(new Dictionary<string, string?>
    {
        ["Cors:AllowedOrigins:0"] = "https://allowed.example",
    });

    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_preflight_from_an_allowed_page_is_answered_with_methods_headers_and_private_network_access()
    {
        var request = Preflight("https://allowed.example");
        request.Headers.Add("Access-Control-Request-Private-Network", "true");

        var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://allowed.example");
        response.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("POST");
        response.Headers.GetValues("Access-Control-Allow-Headers").Single().Should().Contain("Authorization").And.Contain("Last-Event-ID");
        response.Headers.GetValues("Access-Control-Allow-Private-Network").Should().Equal("true");
    }

    [Fact]
    [Requirement("CU-CORS-1")]
    public async Task CU_CORS_1_a_preflight_from_a_page_the_owner_has_not_permitted_yet_is_answered_so_the_page_can_read_its_refusal()
    {
        var response = await _client.SendAsync(Preflight("https://stranger.example"));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://stranger.example");
        response.Headers.Vary.Should().Contain("Origin");
    }

    [Fact]
    public async Task An_actual_request_from_an_allowed_page_exposes_the_headers_a_page_needs()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/compute-utility");
        request.Headers.Add("Origin", "https://allowed.example");

        var response = await _client.SendAsync(request);

        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://allowed.example");
        response.Headers.GetValues("Access-Control-Expose-Headers").Single().Should().Contain("Location").And.Contain("ETag");
    }

    [Fact]
    public async Task An_error_answer_to_an_allowed_page_still_carries_the_cors_headers_so_the_page_can_read_it()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/workers") { Content = new StringContent("{", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", "https://allowed.example");

        var response = await _client.SendAsync(request);

        await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://allowed.example");
    }

    [Fact]
    [Requirement("CU-CORS-2")]
    public async Task CU_CORS_2_a_page_not_permitted_reads_its_refusal_with_its_own_origin_reflected_never_a_star()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/workers") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Origin", "https://stranger.example");

        var response = await _client.SendAsync(request);

        await response.ShouldBeProblemAsync("origin-not-permitted", HttpStatusCode.Forbidden);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://stranger.example");
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/workers");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }
}
