using System.Text.RegularExpressions;
using ComputeUtility.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ComputeUtility.Browser.Tests.Extension;

/// <summary>The user decides, per site and in the extension's own page, whether a site's workers may run on utilities.</summary>
[Collection(ExtensionCollection.Name)]
public sealed class SitePermissionTests(ExtensionFixture fixture)
{
    /// <summary>Starts an echo worker kept in window.worker; records its failover; answers after one reply.</summary>
    private const string StartScript = """
        const worker = (window.worker = new DistributedWorker(arg.manifest, { integrity: arg.integrity, placement: 'auto', maxRoundTripMs: 60000, snapshots: { everyMessages: 1 } }));
        window.replies = [];
        window.failover = new Promise((resolve) => worker.addEventListener('failover', (e) => resolve(e.detail)));
        worker.onmessage = (e) => window.replies.push(e.data);
        await within(worker.ready, 60000, 'the worker starting');
        worker.postMessage({ before: 1 });
        await within(new Promise((resolve) => { const t = setInterval(() => { if (window.replies.length === 1) { clearInterval(t); resolve(); } }, 10); }), 60000, 'a reply');
        return { placement: worker.placement, reason: worker.placementReason };
        """;

    /// <summary>Waits for the failover, then talks to the worker where it went.</summary>
    private const string ContinueScript = """
        const detail = await within(window.failover, 60000, 'the failover event');
        window.worker.postMessage({ after: 1 });
        await within(new Promise((resolve) => { const t = setInterval(() => { if (window.replies.length === 2) { clearInterval(t); resolve(); } }, 10); }), 60000, 'a reply after the failover');
        const result = { from: detail.from.placement, to: detail.to, reason: detail.reason, stateCarriedOver: detail.stateCarriedOver, placement: window.worker.placement, reply: window.replies[1] };
        window.worker.terminate();
        return result;
        """;

    [Fact]
    [Requirement("CU-UA-5")]
    public async Task CU_UA_5_a_site_the_user_did_not_allow_runs_its_worker_locally_with_the_reason_not_permitted_and_nothing_reaches_the_utility()
    {
        await using var utility = await fixture.StartDecidedUtilityAsync(allowSite: false);

        await using var page = await ShimPage.OpenInAsync(fixture.Context, fixture.App.Origin + "/");
        var result = await page.RunAsync(fixture.ShimUrl, ExtensionScripts.Echo, new { manifest = "/packages/echo/manifest.json", integrity = Integrity.Of("echo"), placement = "auto" });

        result.GetProperty("placement").GetString().Should().Be("local", result.GetRawText());
        result.GetProperty("reason").GetString().Should().Be("not-permitted");
        result.GetProperty("reply").GetRawText().Should().Be($$$"""{"count":1,"echo":{"from":"{{{fixture.App.Origin}}}"}}""", "the page still gets its worker");
        utility.Output.Should().NotContain("created from echo");
        utility.Output.Should().NotContain("/v1/", "the extension did not even ask the utility");
    }

    [Fact]
    [Requirement("CU-UA-16")]
    public async Task CU_UA_16_the_site_permission_is_remembered_revocable_and_revoking_it_moves_a_running_worker_off_its_utility()
    {
        await using var utility = await fixture.StartDecidedUtilityAsync(allowSite: true);

        await using var page = await ShimPage.OpenInAsync(fixture.Context, fixture.App.Origin + "/");
        var started = await page.RunAsync(fixture.ShimUrl, StartScript, new { manifest = "/packages/echo/manifest.json", integrity = Integrity.Of("echo") });
        started.GetProperty("placement").GetString().Should().Be("remote", started.GetRawText());

        // A page opened later reads the decision back: it was remembered. Revoking it there forgets it.
        await using (var ui = await ExtensionPage.OpenAsync(fixture.Context, fixture.App.Origin))
        {
            var row = ui.Page.Locator("#sites li", new() { HasText = fixture.App.Origin });
            await Assertions.Expect(row).ToContainTextAsync("allowed");
            await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
            await Assertions.Expect(ui.Page.Locator("#sites")).Not.ToContainTextAsync(fixture.App.Origin);
            await Assertions.Expect(ui.Page.Locator("#site-state")).ToContainTextAsync("Not decided yet");
        }

        var after = await page.RunAsync(fixture.ShimUrl, ContinueScript);

        after.GetProperty("from").GetString().Should().Be("remote", after.GetRawText());
        after.GetProperty("to").GetProperty("placement").GetString().Should().Be("local");
        after.GetProperty("to").GetProperty("reason").GetString().Should().Be("not-permitted");
        after.GetProperty("stateCarriedOver").GetBoolean().Should().BeTrue();
        after.GetProperty("reply").GetRawText().Should().Be("""{"count":2,"echo":{"after":1}}""", "the worker went on with its state, in this browser");
        Regex.Matches(utility.Output, "created from echo").Should().HaveCount(1);
    }

    [Fact]
    [Requirement("CU-UA-8")]
    public async Task CU_UA_8_a_page_asking_for_remote_reads_the_same_failure_whether_its_site_is_not_allowed_or_the_utility_refused_the_worker()
    {
        const string Remote = """
            const worker = new DistributedWorker(arg.manifest, { integrity: arg.integrity, placement: 'remote' });
            const error = new Promise((resolve) => worker.addEventListener('error', (e) => resolve(e.message)));
            const rejection = await within(worker.ready.then(() => 'resolved', (e) => e.message), 60000, 'the worker starting');
            return { rejection, error: await within(error, 60000, 'the error event'), placement: worker.placement, reason: worker.placementReason };
            """;
        var name = "ext-" + Guid.NewGuid().ToString("n")[..6];
        await using var utility = await ExtensionFixture.StartAnnouncedUtilityAsync(name, "--Packages:AllowedOrigins:0=" + fixture.App.Origin);
        await using var ui = await ExtensionPage.OpenAsync(fixture.Context, fixture.App.Origin);
        await ui.WaitForUtilityAsync(name);
        await using var page = await ShimPage.OpenInAsync(fixture.Context, fixture.App.Origin + "/");

        await ui.DenyAsync();
        var notAllowed = await page.RunAsync(fixture.ShimUrl, Remote, new { manifest = "/packages/echo/manifest.json", integrity = Integrity.Of("echo") });
        await ui.AllowAsync();
        var refused = await page.RunAsync(fixture.ShimUrl, Remote, new { manifest = "/packages/echo/manifest.json", integrity = "sha256-" + new string('A', 43) + "=" });

        notAllowed.GetProperty("rejection").GetString().Should().Be("placement 'remote' failed: no utility could start the worker", notAllowed.GetRawText());
        refused.GetRawText().Should().Be(notAllowed.GetRawText(), "the page cannot tell a refusing utility from no permission");
        utility.Output.Should().Contain("integrity", "the utility did refuse the second worker");
    }
}
