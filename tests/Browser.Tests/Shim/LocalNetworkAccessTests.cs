using Xunit.Abstractions;

namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>
/// A public https page (Chromium told so by --ip-address-space-overrides) using a utility on this machine's loopback:
/// Chromium 156 enforces Local Network Access, so the page reaches the utility only with the user's
/// 'loopback-network' permission, and the shim runs the worker locally, saying why, without it.
/// </summary>
public sealed class LocalNetworkAccessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_public_page_granted_loopback_network_access_runs_its_worker_on_the_utility()
    {
        await using var scene = await PublicPageScene.StartAsync();
        (await scene.Browser.GrantAsync(scene.Page.Page, scene.PageOrigin.Origin, "loopbackNetwork")).Should().BeNull("Chromium 156 knows the permission");

        var result = await scene.RunEchoAsync();
        output.WriteLine($"placement {result.GetProperty("placement")}: {result.GetProperty("reason")}");

        result.GetProperty("placement").GetString().Should().Be("remote", result.ToString());
        result.GetProperty("reason").GetString().Should().Contain(scene.Utility.Origin);
        result.GetProperty("reply").GetRawText().Should().Be($$$"""{"count":1,"echo":{"from":"{{{scene.PageOrigin.Origin}}}"}}""");
        (await scene.UtilityWorkersAsync()).Should().Be(1, "the page's worker runs on the utility");
        scene.Page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task CU_LNA_7_A_public_page_denied_loopback_network_access_runs_locally_and_says_the_browser_refused()
    {
        await using var scene = await PublicPageScene.StartAsync();
        (await scene.Browser.SetPermissionAsync(scene.Page.Page, scene.PageOrigin.Origin, "loopback-network", "denied")).Should().BeNull();

        var result = await scene.RunEchoAsync();
        output.WriteLine($"placement {result.GetProperty("placement")}: {result.GetProperty("reason")}");

        result.GetProperty("placement").GetString().Should().Be("local", result.ToString());
        result.GetProperty("reason").GetString().Should().Contain(scene.Utility.Origin)
            .And.Contain("the browser refused to reach the local network")
            .And.Contain("Local Network Access permission 'loopback-network' is denied");
        result.GetProperty("reply").GetRawText().Should().Be($$$"""{"count":1,"echo":{"from":"{{{scene.PageOrigin.Origin}}}"}}""");
        (await scene.UtilityWorkersAsync()).Should().Be(0, "nothing reached the utility");
        scene.Page.Errors.Should().Contain(e => e.Contains("loopback", StringComparison.Ordinal), "Chromium blocked the descriptor read");
    }

    [Fact]
    public async Task CU_LNA_7_A_public_page_nobody_answers_the_permission_prompt_for_runs_locally_and_says_the_browser_refused()
    {
        // Nothing granted or denied beforehand: the state is 'prompt' until the descriptor read asks, and headless
        // Chromium, which shows no prompt, answers it as blocked ('denied' afterwards).
        await using var scene = await PublicPageScene.StartAsync();
        var before = await scene.Page.Page.EvaluateAsync<string>("async () => (await navigator.permissions.query({ name: 'loopback-network' })).state");

        var result = await scene.RunEchoAsync();
        output.WriteLine($"placement {result.GetProperty("placement")}: {result.GetProperty("reason")}");

        before.Should().Be("prompt");
        result.GetProperty("placement").GetString().Should().Be("local", result.ToString());
        result.GetProperty("reason").GetString().Should().Contain(scene.Utility.Origin)
            .And.Contain("the browser refused to reach the local network");
        result.GetProperty("reply").GetProperty("count").GetInt32().Should().Be(1);
        (await scene.UtilityWorkersAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Granting_only_the_older_local_network_access_name_does_not_open_loopback_in_chromium_156()
    {
        await using var scene = await PublicPageScene.StartAsync();
        (await scene.Browser.GrantAsync(scene.Page.Page, scene.PageOrigin.Origin, "localNetworkAccess")).Should().BeNull();

        var result = await scene.RunEchoAsync();
        output.WriteLine($"placement {result.GetProperty("placement")}: {result.GetProperty("reason")}");

        result.GetProperty("placement").GetString().Should().Be("local", "loopback requests need 'loopbackNetwork' in Chromium 156");
        (await scene.UtilityWorkersAsync()).Should().Be(0);
    }
}
