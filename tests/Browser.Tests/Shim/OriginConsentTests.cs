namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>
/// The owner decides which pages may use the utility (section 15.1): a page on another origin runs locally and says why,
/// the dashboard shows its request live, and once the owner clicks Allow the same page's next worker runs on the utility.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OriginConsentTests(BrowserFixture fixture)
{
    /// <summary>Placement 'auto', with a round-trip bound no loaded machine reaches: only consent decides where it runs.</summary>
    private const string EchoScript = """
        const worker = new DistributedWorker(arg.manifest, { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utility, maxRoundTripMs: 60000 });
        const reply = new Promise((resolve, reject) => {
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => reject(new Error(e.message));
        });
        await within(worker.ready, 30000, 'the worker starting');
        worker.postMessage({ from: location.origin });
        const echoed = await within(reply, 30000, 'a reply');
        const result = { placement: worker.placement, reason: worker.placementReason, reply: echoed };
        worker.terminate();
        return result;
        """;

    [Fact]
    [Requirement("CU-PERM-7")]
    public async Task CU_PERM_7_a_page_the_owner_has_not_allowed_runs_locally_saying_why_and_after_allow_on_the_dashboard_runs_on_the_utility()
    {
        await using var app = new PageOrigin();
        await using var utility = await UtilityProcess.StartAsync();
        await using var page = await ShimPage.OpenAsync(fixture.Browser, app.Origin + "/");
        var shim = app.Origin + "/shim/distributed-worker.js";
        var arg = new { manifest = utility.Origin + "/demo/echo/manifest.json", integrity = Integrity.Of("echo"), utility = utility.Origin };

        var before = await page.RunAsync(shim, EchoScript, arg);

        before.GetProperty("placement").GetString().Should().Be("local", before.GetRawText());
        before.GetProperty("reason").GetString().Should().Contain("has not allowed this page's origin yet")
            .And.Contain($"on the dashboard at {utility.Origin}/");
        before.GetProperty("reply").GetProperty("count").GetInt32().Should().Be(1, "the page still gets its worker");

        await using var dashboard = await ShimPage.OpenAsync(fixture.Browser, utility.Origin + "/");
        var request = dashboard.Page.Locator($"#pending-origins li[data-origin='{app.Origin}']");
        await Assertions.Expect(request).ToContainTextAsync($"{app.Origin} wants to run workers here");
        await request.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Assertions.Expect(dashboard.Page.Locator($"#origins tr[data-origin='{app.Origin}']")).ToContainTextAsync("allowed");
        await Assertions.Expect(request).ToHaveCountAsync(0);

        var after = await page.RunAsync(shim, EchoScript, arg);

        after.GetProperty("placement").GetString().Should().Be("remote", after.GetRawText());
        after.GetProperty("reply").GetRawText().Should().Be($$$"""{"count":1,"echo":{"from":"{{{app.Origin}}}"}}""");
        dashboard.Errors.Should().BeEmpty();
    }
}
