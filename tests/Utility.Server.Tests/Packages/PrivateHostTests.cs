namespace ComputeUtility.Server.Tests.Packages;

/// <summary>With the default configuration, loopback and private package hosts are refused (SSRF).</summary>
public sealed class PrivateHostTests : IAsyncLifetime
{
    private readonly UtilityFactory _factory = new(new Dictionary<string, string?> { ["Packages:AllowPrivateHosts"] = "false" });
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1:8080/app/manifest.json")]
    [InlineData("http://localhost/app/manifest.json")]
    [InlineData("http://10.1.2.3/app/manifest.json")]
    [InlineData("http://192.168.1.10/app/manifest.json")]
    [InlineData("http://172.16.0.5/app/manifest.json")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/app/manifest.json")]
    [InlineData("http://[fd00::1]/app/manifest.json")]
    [InlineData("http://[fe80::1]/app/manifest.json")]
    [InlineData("http://0.0.0.0/app/manifest.json")]
    [InlineData("http://[::ffff:127.0.0.1]/app/manifest.json")]
    public async Task A_package_on_an_internal_host_is_refused_by_default(string url)
    {
        var response = await _client.PostAsJsonAsync("/v1/workers", new { package = url, integrity = TestPackage.Sri([1]) });

        await response.ShouldBeProblemAsync("origin-not-allowed", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_origin_the_owner_allow_listed_by_name_is_fetched_even_on_a_private_address()
    {
        await using var origin = await TestOrigin.StartAsync();
        var echo = TestPackage.Publish(origin, "echo", Repo.Example("echo/echo.wasm"));
        await using var factory = new UtilityFactory(new Dictionary<string, string?>
        {
            ["Packages:AllowPrivateHosts"] = "false",
            ["Packages:AllowedOrigins:0"] = origin.BaseUri.GetLeftPart(UriPartial.Authority),
        });
        var client = factory.Start();

        var allowed = await client.PostAsJsonAsync("/v1/workers", echo.CreateBody);
        var other = await client.PostAsJsonAsync("/v1/workers",
            new { package = new Uri(origin.BaseUri.ToString().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "echo/manifest.json"), integrity = echo.Integrity });

        allowed.StatusCode.Should().Be(HttpStatusCode.Created, await allowed.Content.ReadAsStringAsync());
        await other.ShouldBeProblemAsync("origin-not-allowed", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_built_in_demo_origin_is_allowed_by_default()
    {
        var manifest = Repo.Example("echo/manifest.json");
        var url = new Uri(_factory.BaseUri, "/demo/echo/manifest.json");

        var response = await _client.PostAsJsonAsync("/v1/workers", new { package = url, integrity = TestPackage.Sri(manifest) });

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
