namespace ComputeUtility.Server.Tests.Workers;

public sealed class WorkerLifecycleTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    [Fact]
    public async Task Creating_a_worker_returns_201_with_location_token_and_channel_links()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/workers", utility.Echo.CreateBody);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString();
        response.Headers.Location!.ToString().Should().Be($"/v1/workers/{id}");
        body.GetProperty("token").GetString().Should().HaveLength(43, "a 256-bit token in base64url");
        body.GetProperty("state").GetString().Should().Be("running");
        body.GetProperty("package").GetProperty("name").GetString().Should().Be("echo");
        body.GetProperty("package").GetProperty("moduleIntegrity").GetString().Should().Be(utility.Echo.ModuleIntegrity);
        body.GetProperty("links").GetProperty("channel").GetString().Should().StartWith("ws://").And.EndWith($"/v1/workers/{id}/channel");
    }

    [Fact]
    public async Task Reading_a_worker_with_its_token_shows_its_counters_but_never_the_token()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        var response = await utility.Client.SendAsync(worker.Request(HttpMethod.Get));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("id").GetString().Should().Be(worker.Id);
        body.TryGetProperty("token", out _).Should().BeFalse();
        body.GetProperty("messagesIn").GetInt64().Should().Be(0);
        body.GetProperty("memoryBytes").GetInt64().Should().BePositive();
    }

    [Fact]
    [Requirement("CU-WRK-8")]
    public async Task CU_WRK_8_a_worker_without_a_token_is_refused_with_401_and_a_bearer_challenge()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        var response = await utility.Client.GetAsync($"/v1/workers/{worker.Id}");

        await response.ShouldBeProblemAsync("unauthorized", HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
    }

    [Fact]
    [Requirement("CU-WRK-8")]
    public async Task CU_WRK_8_another_workers_token_never_opens_a_worker()
    {
        var mine = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        var theirs = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        var read = await utility.Client.SendAsync(mine.Request(HttpMethod.Get, token: theirs.Token));
        var post = await utility.Client.SendAsync(mine.Request(HttpMethod.Post, "/messages", JsonContent.Create(1), theirs.Token));
        var delete = await utility.Client.SendAsync(mine.Request(HttpMethod.Delete, token: theirs.Token));

        await read.ShouldBeProblemAsync("unauthorized", HttpStatusCode.Unauthorized);
        await post.ShouldBeProblemAsync("unauthorized", HttpStatusCode.Unauthorized);
        await delete.ShouldBeProblemAsync("unauthorized", HttpStatusCode.Unauthorized);
        (await utility.Client.SendAsync(mine.Request(HttpMethod.Get))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    [Requirement("CU-WRK-8")]
    public async Task CU_WRK_8_a_wrong_token_is_refused()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        var response = await utility.Client.SendAsync(worker.Request(HttpMethod.Get, token: worker.Token[..^2] + "xx"));

        await response.ShouldBeProblemAsync("unauthorized", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_worker_is_404()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/workers/w-doesnotexist");
        request.Headers.Authorization = new("Bearer", "whatever");

        var response = await utility.Client.SendAsync(request);

        await response.ShouldBeProblemAsync("not-found", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_worker_ends_it_and_it_stays_readable_as_terminated()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        var deleted = await utility.Client.SendAsync(worker.Request(HttpMethod.Delete));
        var after = await utility.Client.SendAsync(worker.Request(HttpMethod.Get));
        var post = await utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(1)));

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().Should().Be("terminated");
        await post.ShouldBeProblemAsync("worker-gone", HttpStatusCode.Gone);
    }

    [Fact]
    public async Task A_package_url_with_another_scheme_is_refused_by_the_origin_rule()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/workers",
            new { package = "ftp://example.com/m.json", integrity = utility.Echo.Integrity });

        await response.ShouldBeProblemAsync("origin-not-allowed", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await utility.Client.PostAsync("/v1/workers",
            new StringContent("{\"package\": ", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        var response = await utility.Client.PostAsync("/v1/workers",
            new StringContent("package=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.ShouldBeProblemAsync("unsupported-media-type", HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("{\"integrity\":\"sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}")]
    [InlineData("{\"package\":\"not a url\",\"integrity\":\"sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}")]
    [InlineData("{\"package\":\"https://example.com/m.json\"}")]
    [InlineData("{\"package\":\"https://example.com/m.json\",\"integrity\":\"md5-AAAA\"}")]
    [InlineData("{\"package\":\"https://example.com/m.json\",\"integrity\":\"sha256-tooshort\"}")]
    [InlineData("{\"package\":42,\"integrity\":\"x\"}")]
    [InlineData("[]")]
    public async Task Missing_or_malformed_fields_are_400_problems(string body)
    {
        var response = await utility.Client.PostAsync("/v1/workers",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_mixing_a_package_and_a_snapshot_is_a_400_problem()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/workers",
            new { package = utility.Echo.ManifestUrl, integrity = utility.Echo.Integrity, snapshot = "http://127.0.0.1:1/s", token = "t" });

        await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_method_the_path_does_not_support_is_a_405_problem_with_an_allow_header()
    {
        var response = await utility.Client.PutAsJsonAsync("/v1/workers", new { });

        await response.ShouldBeProblemAsync("method-not-allowed", HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Contain("POST");
    }

    [Fact]
    public async Task Restoring_from_a_snapshot_source_that_does_not_answer_is_a_502_problem()
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/workers", new { snapshot = "http://127.0.0.1:1/s", token = "t" });

        await response.ShouldBeProblemAsync("package-fetch-failed", HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task The_server_keeps_serving_after_every_kind_of_bad_request()
    {
        var garbage = await utility.Client.PostAsync("/v1/workers", new StringContent("\u0000\u0001", System.Text.Encoding.UTF8, "application/json"));
        await garbage.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
        try
        {
            // Kestrel may answer 413 and reset the connection before the upload ends; both are fine.
            var huge = await utility.Client.PostAsync("/v1/workers",
                new ByteArrayContent(new byte[3 * 1024 * 1024]) { Headers = { ContentType = new("application/json") } });
            await huge.ShouldBeProblemAsync("message-too-large", HttpStatusCode.RequestEntityTooLarge);
        }
        catch (HttpRequestException)
        {
        }

        var nul = await utility.Client.GetAsync("/v1/workers/%00");
        ((int)nul.StatusCode).Should().BeInRange(400, 499);

        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        (await utility.Client.SendAsync(worker.Request(HttpMethod.Get))).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
