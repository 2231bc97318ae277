namespace ComputeUtility.Browser.Tests.Demos;

[Collection(BrowserCollection.Name)]
public sealed class CubesDemoTests(BrowserFixture fixture)
{
    // A guard, not a bound: the utility's guests run at a lower priority than the page's own work on a busy 2-core machine.
    private static readonly Microsoft.Playwright.PageWaitForFunctionOptions Patient = new() { Timeout = 180_000 };

    [Fact]
    public async Task The_cubes_demo_runs_a_thousand_spheres_on_the_utility_and_in_the_page_side_by_side()
    {
        await using var page = await ShimPage.OpenAsync(fixture.Browser, fixture.Utility.Origin + "/demo/cubes/index.html?n=1000");

        await page.Page.WaitForFunctionAsync("() => cubesStats.remote?.batches >= 30 && cubesStats.local?.batches >= 30", null, Patient);

        var remote = await page.ReadAsync("cubesStats.remote");
        remote.GetProperty("placement").GetString().Should().Be("remote");
        remote.GetProperty("n").GetInt32().Should().Be(1000);
        remote.GetProperty("stepsPerSecond").GetDouble().Should().BeGreaterThan(0);
        (await page.ReadAsync("cubesStats.local")).GetProperty("placement").GetString().Should().Be("local");
        await Assertions.Expect(page.Page.Locator("#remote .why")).ToContainTextAsync("remote: placement 'remote'");
        await Assertions.Expect(page.Page.Locator("#remote .rate")).Not.ToHaveTextAsync("–");
        await page.Page.ScreenshotAsync(new() { Path = Screenshots.PathOf("cubes.png") });
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Moving_the_slider_restarts_both_sides_with_the_new_number_of_spheres()
    {
        await using var page = await ShimPage.OpenAsync(fixture.Browser, fixture.Utility.Origin + "/demo/cubes/index.html?n=500");
        await page.Page.WaitForFunctionAsync("() => cubesStats.remote?.batches >= 5 && cubesStats.local?.batches >= 5", null, Patient);

        await page.Page.Locator("#n").FillAsync("250");

        await page.Page.WaitForFunctionAsync("() => cubesStats.remote.n === 250 && cubesStats.local.n === 250 && cubesStats.remote.steps > 0 && cubesStats.local.steps > 0", null, Patient);
        await Assertions.Expect(page.Page.Locator("#n-out")).ToHaveTextAsync("250");
        page.Errors.Should().BeEmpty();
    }
}
