using ComputeUtility.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ComputeUtility.Browser.Tests.Extension;

/// <summary>
/// With the extension, the browser keeps the utility list: a utility announced over mDNS on the test network reaches it
/// through the native messaging host, and a page that names no utility gets a worker on it.
/// </summary>
[Collection(ExtensionCollection.Name)]
public sealed class DiscoveryThroughExtensionTests(ExtensionFixture fixture)
{
    [Fact]
    [Requirement("CU-UA-3")]
    public async Task CU_UA_3_a_utility_announced_over_mdns_reaches_the_extension_through_the_native_host_and_a_page_naming_none_gets_a_remote_worker()
    {
        var name = "ext-" + Guid.NewGuid().ToString("n")[..6];
        await using var utility = await ExtensionFixture.StartAnnouncedUtilityAsync(name, "--Packages:AllowedOrigins:0=" + fixture.App.Origin);
        await using var ui = await ExtensionPage.OpenAsync(fixture.Context, fixture.App.Origin);
        await ui.WaitForUtilityAsync(name);
        await Assertions.Expect(ui.Page.Locator("#utilities")).ToContainTextAsync($"{name} — {utility.Origin} (found nearby)");
        await Assertions.Expect(ui.Page.Locator("#host-state")).ToContainTextAsync("Discovery (native host): running");
        await ui.AllowAsync();
        await using var page = await ShimPage.OpenInAsync(fixture.Context, fixture.App.Origin + "/");

        var result = await page.RunAsync(fixture.ShimUrl, ExtensionScripts.Echo, new { manifest = "/packages/echo/manifest.json", integrity = Integrity.Of("echo"), placement = "remote" });

        result.GetProperty("placement").GetString().Should().Be("remote", result.GetRawText());
        result.GetProperty("reason").GetString().Should().Be("chosen");
        result.GetProperty("utility").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        result.GetProperty("reply").GetRawText().Should().Be($$$"""{"count":1,"echo":{"from":"{{{fixture.App.Origin}}}"}}""");
        utility.Output.Should().Contain("created from echo", "the worker ran on the utility the browser found");
        page.Errors.Should().BeEmpty();
    }
}
