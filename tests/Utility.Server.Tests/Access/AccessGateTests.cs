namespace ComputeUtility.Server.Tests.Access;

/// <summary>
/// A utility serving the LAN with tokens required of every caller (loopback too, so the tests can play a LAN device):
/// work is created only with an access token the owner issued and has not revoked.
/// </summary>
public sealed class AccessGateTests : IAsyncLifetime
{
    private readonly string _tokenFile = Path.Combine(Path.GetTempPath(), $"cu-access-{Guid.NewGuid():N}", "access-tokens.json");
    private readonly UtilityFixture _utility;

    public AccessGateTests() => _utility = new(new()
    {
        ["Lan:Enabled"] = "true",
        ["Lan:RequireAccessTokenOnLoopback"] = "true",
        ["Lan:AccessTokenFile"] = _tokenFile,
    });

    private HttpClient Client => _utility.Client;

    private AccessTokenStore Tokens => _utility.Service<AccessTokenStore>();

    private T Service<T>() where T : notnull => _utility.Service<T>();

    public Task InitializeAsync() => _utility.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _utility.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_tokenFile)!, recursive: true);
    }

    [Fact]
    public async Task Creating_a_worker_without_an_access_token_is_refused_with_401_and_a_bearer_challenge()
    {
        var response = await Client.PostAsJsonAsync("/v1/workers", _utility.Echo.CreateBody);

        await response.ShouldBeProblemAsync("access-token-required", HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer realm=\"compute-utility\"");
    }

    [Fact]
    public async Task Running_a_task_without_an_access_token_is_refused_too()
    {
        var response = await Client.PostAsJsonAsync("/v1/tasks", _utility.Echo.CreateBody);

        await response.ShouldBeProblemAsync("access-token-required", HttpStatusCode.Unauthorized);
    }

    [Theory]
    [Requirement("CU-ACC-2")]
    [InlineData("/V1/workers")]
    [InlineData("/v1/Workers")]
    [InlineData("/V1/WORKERS/")]
    [InlineData("/V1/TASKS")]
    [InlineData("/v1/Tasks/")]
    public async Task CU_ACC_2_work_is_refused_without_a_token_whatever_the_letter_case_of_the_path(string path)
    {
        // Routing matches paths regardless of case, so the gate must too: it reads the endpoint routing chose.
        var response = await Client.PostAsJsonAsync(path, _utility.Echo.CreateBody);

        await response.ShouldBeProblemAsync("access-token-required", HttpStatusCode.Unauthorized);
        Service<ComputeUtility.Server.Workers.WorkerRegistry>().All.Should().BeEmpty("nothing may have been started for a caller without a token");
    }

    [Fact]
    public async Task A_token_the_owner_did_not_issue_is_refused_as_invalid()
    {
        Tokens.Create("phone");

        var response = await SendAsync("/v1/workers", _utility.Echo.CreateBody, "cua_" + new string('A', 43));

        await response.ShouldBeProblemAsync("access-token-required", HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Contain("error=\"invalid_token\"");
    }

    [Fact]
    public async Task With_the_owners_token_a_worker_is_created_and_the_token_is_marked_used()
    {
        var token = Tokens.Create("phone");

        var response = await SendAsync("/v1/workers", _utility.Echo.CreateBody, token.Secret);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Tokens.Find(token.Id)!.LastUsedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task A_revoked_token_creates_nothing_more()
    {
        var token = Tokens.Create("lost phone");
        (await SendAsync("/v1/workers", _utility.Echo.CreateBody, token.Secret)).StatusCode.Should().Be(HttpStatusCode.Created);

        Tokens.Revoke(token.Id).Should().BeTrue();
        var after = await SendAsync("/v1/workers", _utility.Echo.CreateBody, token.Secret);

        await after.ShouldBeProblemAsync("access-token-required", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_descriptor_tells_a_caller_that_it_needs_an_access_token()
    {
        var descriptor = await Client.GetFromJsonAsync<JsonElement>("/.well-known/compute-utility");

        descriptor.GetProperty("policies").GetProperty("authentication").GetString().Should().Be("access-token");
    }

    [Fact]
    public async Task A_worker_token_still_opens_only_its_worker_and_needs_no_access_token()
    {
        var token = Tokens.Create("laptop");
        var created = await (await SendAsync("/v1/workers", _utility.Echo.CreateBody, token.Secret)).Content.ReadFromJsonAsync<JsonElement>();
        var worker = new HttpRequestMessage(HttpMethod.Get, created.GetProperty("links").GetProperty("self").GetString());
        worker.Headers.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("token").GetString());

        (await Client.SendAsync(worker)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Tokens_survive_a_restart_in_a_file_only_the_owner_can_read()
    {
        var token = Tokens.Create("tablet");

        var reloaded = new AccessTokenStore(Microsoft.Extensions.Options.Options.Create(new LanOptions { AccessTokenFile = _tokenFile }), TimeProvider.System);

        reloaded.Verify(token.Secret)!.Id.Should().Be(token.Id);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(_tokenFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await Task.CompletedTask;
    }

    private Task<HttpResponseMessage> SendAsync(string path, object body, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Client.SendAsync(request);
    }
}
