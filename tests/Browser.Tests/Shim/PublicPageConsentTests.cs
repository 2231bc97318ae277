using Xunit.Abstractions;

namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>
/// Both gates on the real web path at once: a public https page that the user has granted Local Network Access
/// (so Chromium 156 lets it reach the loopback utility) is still refused by the utility until the owner allows its
/// origin on the dashboard, a second page in the same browser (section 15.1 with 15.2).
/// </summary>
public sealed class PublicPageConsentTests(ITestOutputHelper output)
{
    // One more message to the newest worker the scene kept, and its reply.
    private const string SecondMessageScript = """
        const worker = window.publicPageWorkers.at(-1);
        const reply = new Promise((resolve, reject) => {
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => reject(new Error(e.message));
        });
        worker.postMessage({ again: location.origin });
        return await within(reply, 30000, 'a second reply');
        """;

    [Fact]
    [Requirement("CU-PERM-7")]
    public async Task CU_PERM_7_a_public_page_granted_local_network_access_runs_locally_until_the_owner_clicks_allow_on_the_dashboard_then_on_the_utility()
    {
        await using var scene = await PublicPageScene.StartAsync(ownerAllowsPage: false);
        var origin = scene.PageOrigin.Origin;
        (await scene.Browser.GrantAsync(scene.Page.Page, origin, "loopbackNetwork")).Should().BeNull("Chromium 156 knows the permission");

        // The owner's dashboard is a loopback page: Local Network Access never asks about it. It is open before the
        // page asks, so the request has to arrive on it live.
        await using var dashboard = await ShimPage.OpenAsync(scene.Browser.Browser, scene.Utility.Origin + "/");
        var request = dashboard.Page.Locator($"#pending-origins li[data-origin='{origin}']");
        await Assertions.Expect(request).ToHaveCountAsync(0);

        var before = await scene.RunEchoAsync();
        output.WriteLine($"before Allow: placement {before.GetProperty("placement")}: {before.GetProperty("reason")}");

        before.GetProperty("placement").GetString().Should().Be("local", before.ToString());
        before.GetProperty("reason").GetString().Should().Contain($"the owner of {scene.Utility.Origin} has not allowed this page's origin yet")
            .And.Contain(origin, "the problem's detail names the refused origin")
            .And.Contain($"on the dashboard at {scene.Utility.Origin}/")
            .And.NotContain("Local Network Access", "the browser let the page through; the owner refused it");
        before.GetProperty("reply").GetRawText().Should().Be($$$"""{"count":1,"echo":{"from":"{{{origin}}}"}}""", "the page still gets its worker");
        (await scene.UtilityWorkersAsync()).Should().Be(0, "the utility refused before it fetched or ran anything");
        var pending = (await scene.OwnerOriginsAsync()).GetProperty("pending");
        pending.EnumerateArray().Select(p => p.GetProperty("origin").GetString()).Should().Equal([origin], pending.ToString());
        output.WriteLine($"owner's pending origins: {pending}");

        await Assertions.Expect(request).ToContainTextAsync($"{origin} wants to run workers here");
        await request.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Assertions.Expect(dashboard.Page.Locator($"#origins tr[data-origin='{origin}']")).ToContainTextAsync("allowed");
        await Assertions.Expect(request).ToHaveCountAsync(0);
        var origins = await scene.OwnerOriginsAsync();
        origins.GetProperty("pending").GetArrayLength().Should().Be(0, origins.ToString());
        origins.GetProperty("permitted").EnumerateArray()
            .Should().ContainSingle(p => p.GetProperty("origin").GetString() == origin && p.GetProperty("source").GetString() == "dashboard", origins.ToString());
        output.WriteLine($"owner's permitted origins after Allow: {origins.GetProperty("permitted")}");

        var after = await scene.RunEchoAsync();
        output.WriteLine($"after Allow: placement {after.GetProperty("placement")}: {after.GetProperty("reason")}");

        after.GetProperty("placement").GetString().Should().Be("remote", after.ToString());
        after.GetProperty("reason").GetString().Should().Contain(scene.Utility.Origin).And.NotContain("has not allowed");
        after.GetProperty("reply").GetRawText().Should().Be($$$"""{"count":1,"echo":{"from":"{{{origin}}}"}}""");
        (await scene.UtilityWorkersAsync()).Should().Be(1, "the page's second worker runs on the utility");
        var again = await scene.Page.RunAsync(origin + "/shim/distributed-worker.js", SecondMessageScript);
        again.GetRawText().Should().Be($$$"""{"count":2,"echo":{"again":"{{{origin}}}"}}""", "the remote worker keeps answering the page");
        dashboard.Errors.Should().BeEmpty();
    }
}
