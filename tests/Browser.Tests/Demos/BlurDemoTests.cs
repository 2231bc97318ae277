namespace ComputeUtility.Browser.Tests.Demos;

[Collection(BrowserCollection.Name)]
public sealed class BlurDemoTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_blur_demo_filters_its_picture_locally_and_on_the_utility_to_the_same_bytes()
    {
        await using var page = await ShimPage.OpenAsync(fixture.Browser, fixture.Utility.Origin + "/demo/blur/index.html");

        await page.Page.WaitForFunctionAsync("() => blurStats.runs >= 1");

        var stats = await page.ReadAsync("blurStats");
        stats.GetProperty("identical").GetBoolean().Should().BeTrue();
        stats.GetProperty("localMs").GetDouble().Should().BeGreaterThan(0);
        stats.GetProperty("remoteMs").GetDouble().Should().BeGreaterThan(0);
        await Assertions.Expect(page.Page.Locator("#same")).ToHaveTextAsync("✓ both results are the same bytes");
        await Assertions.Expect(page.Page.Locator("#remote .why")).ToContainTextAsync("remote:");
        await page.Page.ScreenshotAsync(new() { Path = Screenshots.PathOf("blur.png"), FullPage = true });
        page.Errors.Should().BeEmpty();
    }
}
