using Microsoft.Playwright;

namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>The extension's own page (ui.html, its popup and options page), asked about one site.</summary>
internal sealed class ExtensionPage(IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public static async Task<ExtensionPage> OpenAsync(IBrowserContext context, string? site = null)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.SetViewportSizeAsync(480, 640);
        await page.GotoAsync($"{ExtensionFixture.ExtensionOrigin}/ui.html" + (site is null ? "" : "?site=" + Uri.EscapeDataString(site)));
        return new ExtensionPage(page);
    }

    public async Task AllowAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Allow this site to run distributed workers" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#site-state")).ToContainTextAsync("Allowed");
    }

    public async Task DenyAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Don't allow" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#site-state")).ToContainTextAsync("Not allowed");
    }

    /// <summary>Waits until the native host has reported <paramref name="name"/> (a guard, not a bound: mDNS and a loaded machine).</summary>
    public Task WaitForUtilityAsync(string name) =>
        Assertions.Expect(Page.Locator("#utilities")).ToContainTextAsync(name, new() { Timeout = 60_000 });

    public async ValueTask DisposeAsync() => await Page.CloseAsync();
}
