namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>
/// Pages on other loopback origins: one the utility's owner allows (Cors:AllowedOrigins), one not (yet), one denied.
/// The utility's own demo packages may be named from any page; only the page origin differs.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossOriginTests(BrowserFixture fixture)
{
    private const string RemoteEchoScript = """
        const worker = new DistributedWorker(arg.manifest, { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utility, placement: 'remote' });
        const outcome = new Promise((resolve) => {
          worker.onmessage = (e) => resolve({ reply: e.data });
          worker.onerror = (e) => resolve({ error: e.message });
        });
        worker.postMessage({ from: location.origin });
        const result = await within(outcome, 20000, 'a reply or an error');
        result.placement = worker.placement;
        worker.terminate();
        return result;
        """;

    [Fact]
    public async Task A_page_on_an_allowed_origin_passes_the_preflights_imports_the_shim_and_runs_a_remote_worker()
    {
        await using var allowed = new PageOrigin();
        await using var utility = await UtilityProcess.StartAsync("--Cors:AllowedOrigins:0=" + allowed.Origin);
        await using var page = await ShimPage.OpenAsync(fixture.Browser, allowed.Origin + "/");

        // The shim comes from the utility itself: a cross-origin module import, allowed by CORS.
        var result = await page.RunAsync(utility.Origin + "/shim/distributed-worker.js", RemoteEchoScript,
            new { manifest = utility.Origin + "/demo/echo/manifest.json", integrity = Integrity.Of("echo"), utility = utility.Origin });

        result.GetProperty("placement").GetString().Should().Be("remote");
        result.GetProperty("reply").GetRawText().Should().Be($$$"""{"count":1,"echo":{"from":"{{{allowed.Origin}}}"}}""");
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_page_that_imports_the_shim_from_the_utility_runs_its_local_worker_from_the_utility_s_module_too()
    {
        // A page may not start a Worker from another origin's URL: the shim starts it from a one-line Blob that imports its host module.
        await using var allowed = new PageOrigin();
        await using var utility = await UtilityProcess.StartAsync("--Cors:AllowedOrigins:0=" + allowed.Origin);
        await using var page = await ShimPage.OpenAsync(fixture.Browser, allowed.Origin + "/");

        var result = await page.RunAsync(utility.Origin + "/shim/distributed-worker.js", RemoteEchoTests.EchoScript,
            new { manifest = utility.Origin + "/demo/echo/manifest.json", integrity = Integrity.Of("echo"), utility = utility.Origin, placement = "local" });

        result.GetProperty("placement").GetString().Should().Be("local");
        result.GetProperty("replies")[0].GetRawText().Should().Be("""{"count":1,"echo":{"hello":"worker","n":1.5,"list":[true,null]}}""");
        result.GetProperty("replies")[1].GetProperty("bytes").GetRawText().Should().Be("[0,255,7,42]");
        result.GetProperty("logs")[0].GetRawText().Should().Be("""{"stream":"stdout","text":"echo: first message"}""");
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task The_private_network_preflight_a_public_page_would_send_is_answered_for_every_origin_but_one_the_owner_denied()
    {
        // Chromium sends Access-Control-Request-Private-Network only from a less private address space;
        // two loopback origins share one, so this is the preflight it would send, sent by hand.
        await using var allowed = new PageOrigin();
        await using var utility = await UtilityProcess.StartAsync("--Cors:AllowedOrigins:0=" + allowed.Origin);
        using var client = new HttpClient();

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, utility.Origin + "/v1/workers");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            request.Headers.Add("Access-Control-Request-Private-Network", "true");
            return await client.SendAsync(request);
        }

        using var yes = await PreflightAsync(allowed.Origin);
        using var undecided = await PreflightAsync("http://127.0.0.1:2");
        (await client.PostAsJsonAsync(utility.Origin + "/dashboard/origins/deny", new { origin = "http://127.0.0.1:1" })).EnsureSuccessStatusCode();
        using var no = await PreflightAsync("http://127.0.0.1:1");

        ((int)yes.StatusCode).Should().Be(204);
        yes.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(allowed.Origin);
        yes.Headers.GetValues("Access-Control-Allow-Private-Network").Should().Equal("true");
        ((int)undecided.StatusCode).Should().Be(204, "a page the owner has not decided about may read why it is refused");
        undecided.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("http://127.0.0.1:2");
        ((int)no.StatusCode).Should().Be(403);
        no.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task A_page_on_an_origin_the_owner_has_not_allowed_is_refused_and_reads_where_to_ask()
    {
        await using var allowed = new PageOrigin();
        await using var other = new PageOrigin();
        await using var utility = await UtilityProcess.StartAsync("--Cors:AllowedOrigins:0=" + allowed.Origin);
        await using var page = await ShimPage.OpenAsync(fixture.Browser, other.Origin + "/");

        // Its own copy of the shim (the utility's would be refused too), asking for the utility only.
        var result = await page.RunAsync(other.Origin + "/shim/distributed-worker.js", RemoteEchoScript,
            new { manifest = utility.Origin + "/demo/echo/manifest.json", integrity = Integrity.Of("echo"), utility = utility.Origin });

        result.TryGetProperty("reply", out _).Should().BeFalse();
        result.GetProperty("error").GetString().Should().Contain("may not use this utility until its owner allows them")
            .And.Contain($"{utility.Origin}/");
        result.GetProperty("placement").GetString().Should().Be("ended");
        page.Errors.Should().NotContain(e => e.Contains("CORS", StringComparison.Ordinal), "the refusal is readable by the page");
    }
}
