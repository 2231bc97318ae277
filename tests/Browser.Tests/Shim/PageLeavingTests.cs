namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>
/// A page that goes away ends its remote workers (a keepalive DELETE on pagehide), from another origin too, where the
/// DELETE with its Authorization header is preflighted. The utility's orphan timeout is set long, so only the
/// shim's DELETE can end the worker within the test's guard.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageLeavingTests(BrowserFixture fixture)
{
    private const string StartScript = """
        const worker = new DistributedWorker(arg.manifest, { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utility, placement: 'remote' });
        const reply = new Promise((resolve, reject) => {
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => reject(new Error(e.message));
        });
        worker.postMessage('still here');
        await within(reply, 20000, 'a reply');
        globalThis.keptWorker = worker; // the page holds its worker until it goes
        return { placement: worker.placement };
        """;

    [Fact]
    public async Task A_page_on_another_origin_that_closes_ends_its_remote_worker_with_a_keepalive_delete()
    {
        await LeaveAndExpectTheWorkerEndedAsync(page => page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true }));
    }

    [Fact]
    public async Task A_page_on_another_origin_that_navigates_away_ends_its_remote_worker()
    {
        await LeaveAndExpectTheWorkerEndedAsync(page => page.GotoAsync("about:blank"));
    }

    private async Task LeaveAndExpectTheWorkerEndedAsync(Func<IPage, Task> leave)
    {
        await using var allowed = new PageOrigin();
        await using var utility = await UtilityProcess.StartAsync("--Cors:AllowedOrigins:0=" + allowed.Origin, "--Limits:OrphanTimeoutSeconds=600");
        await using var page = await ShimPage.OpenAsync(fixture.Browser, allowed.Origin + "/");
        var created = page.Page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.EndsWith("/v1/workers", StringComparison.Ordinal));

        var result = await page.RunAsync(utility.Origin + "/shim/distributed-worker.js", StartScript,
            new { manifest = utility.Origin + "/demo/echo/manifest.json", integrity = Integrity.Of("echo"), utility = utility.Origin });
        result.GetProperty("placement").GetString().Should().Be("remote");
        var body = (await (await created).JsonAsync())!.Value;
        var path = $"{utility.Origin}/v1/workers/{body.GetProperty("id").GetString()}";
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());

        await leave(page.Page);

        // A generous guard for a loaded machine; the DELETE arrives within milliseconds when the shim is right.
        var state = "running";
        for (var i = 0; i < 150 && state == "running"; i++)
        {
            await Task.Delay(200);
            state = (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("state").GetString()!;
        }

        state.Should().Be("terminated", "the page went away, and the shim ends its remote workers on pagehide");
        using var events = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var text = await client.GetStringAsync(path + "/events", events.Token);
        text.Should().Contain("\"reason\":\"terminated\"", "the shim's DELETE ended it, not the utility's orphan timeout");
    }
}
