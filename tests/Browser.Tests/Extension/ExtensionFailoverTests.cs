using ComputeUtility.Browser.Tests.Infrastructure;

namespace ComputeUtility.Browser.Tests.Extension;

/// <summary>A utility the extension chose is killed mid-session: the page's worker goes on elsewhere, as with the shim.</summary>
[Collection(ExtensionCollection.Name)]
public sealed class ExtensionFailoverTests(ExtensionFixture fixture)
{
    private const string StartScript = """
        const worker = (window.worker = new DistributedWorker(arg.manifest, { integrity: arg.integrity, placement: 'auto', maxRoundTripMs: 60000, snapshots: { everyMessages: 1 } }));
        window.replies = [];
        window.failover = new Promise((resolve) => worker.addEventListener('failover', (e) => resolve(e.detail)));
        worker.onmessage = (e) => window.replies.push(e.data);
        await within(worker.ready, 60000, 'the worker starting');
        worker.postMessage({ before: 1 });
        worker.postMessage({ before: 2 });
        await within(new Promise((resolve) => { const t = setInterval(() => { if (window.replies.length === 2) { clearInterval(t); resolve(); } }, 10); }), 60000, 'two replies');
        // An automatic snapshot may be taken before the second message is handled: take the one after it by hand.
        await within(worker.snapshot(), 120000, 'a snapshot');
        await within(new Promise((resolve) => { const t = setInterval(() => { if (worker.lastSnapshot?.coversMessagesThrough === 2) { clearInterval(t); resolve(); } }, 10); }), 120000, 'the snapshot after two messages');
        return { placement: worker.placement, reason: worker.placementReason };
        """;

    private const string ContinueScript = """
        const detail = await within(window.failover, 60000, 'the failover event');
        window.worker.postMessage({ after: 1 });
        await within(new Promise((resolve) => { const t = setInterval(() => { if (window.replies.length === 3) { clearInterval(t); resolve(); } }, 10); }), 60000, 'a reply after the failover');
        const result = { detail, placement: window.worker.placement, reason: window.worker.placementReason, utility: window.worker.utility, reply: window.replies[2] };
        window.worker.terminate();
        return result;
        """;

    [Fact]
    [Requirement("CU-UA-13")]
    public async Task CU_UA_13_when_the_utility_the_extension_chose_is_killed_the_worker_fails_over_to_this_browser_with_its_state()
    {
        await using var utility = await fixture.StartDecidedUtilityAsync(allowSite: true);

        await using var page = await ShimPage.OpenInAsync(fixture.Context, fixture.App.Origin + "/");
        var started = await page.RunAsync(fixture.ShimUrl, StartScript, new { manifest = "/packages/echo/manifest.json", integrity = Integrity.Of("echo") });
        started.GetProperty("placement").GetString().Should().Be("remote", started.GetRawText());
        utility.Kill();

        var after = await page.RunAsync(fixture.ShimUrl, ContinueScript);

        var detail = after.GetProperty("detail");
        detail.GetProperty("from").GetProperty("placement").GetString().Should().Be("remote", after.GetRawText());
        detail.GetProperty("reason").GetString().Should().Be("connection-lost");
        detail.GetProperty("stateCarriedOver").GetBoolean().Should().BeTrue();
        detail.GetProperty("to").GetProperty("placement").GetString().Should().Be("local");
        after.GetProperty("reason").GetString().Should().Be("failover");
        after.GetProperty("utility").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        after.GetProperty("reply").GetRawText().Should().Be("""{"count":3,"echo":{"after":1}}""", "the worker resumed from the snapshot after two messages");
        detail.GetProperty("message").GetString().Should().NotContain(utility.Origin);
    }
}
