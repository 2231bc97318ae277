using System.Globalization;
using ComputeUtility.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ComputeUtility.Browser.Tests.Extension;

/// <summary>
/// The cubes demo, unchanged, with the extension: its remote side runs on the utility the browser found, and the page
/// shows only "remote: chosen". The same page through the page shim alone gives the relay's cost, printed (bench/extension-relay.sh).
/// </summary>
[Collection(ExtensionCollection.Name)]
public sealed class CubesThroughExtensionTests(ExtensionFixture fixture, ITestOutputHelper output)
{
    private static readonly PageWaitForFunctionOptions Patient = new() { Timeout = 180_000 };

    /// <summary>Steps of the remote side over ~10 s of the page's clock, after it has warmed up: a figure, not a bound.</summary>
    private const string Measure = """
        async () => {
          const s0 = cubesStats.remote.steps, t0 = performance.now();
          await new Promise((resolve) => setTimeout(resolve, 10000));
          return JSON.stringify({ stepsPerSecond: (cubesStats.remote.steps - s0) * 1000 / (performance.now() - t0), placement: cubesStats.remote.placement });
        }
        """;

    [Fact]
    public async Task The_cubes_demo_runs_its_remote_side_on_the_utility_the_extension_found_showing_only_remote_chosen()
    {
        var name = "cubes-" + Guid.NewGuid().ToString("n")[..6];
        await using var utility = await ExtensionFixture.StartAnnouncedUtilityAsync(name);
        await using (var ui = await ExtensionPage.OpenAsync(fixture.Context, utility.Origin))
        {
            await ui.WaitForUtilityAsync(name);
            await ui.AllowAsync();
            await ui.Page.ScreenshotAsync(new() { Path = Screenshots.PathOf("extension-permission.png"), FullPage = true });
        }

        var page = await ShimPage.OpenInAsync(fixture.Context, utility.Origin + "/demo/cubes/index.html?n=1000");
        await page.Page.WaitForFunctionAsync("() => cubesStats.remote?.batches >= 30 && cubesStats.local?.batches >= 30", null, Patient);

        (await page.ReadAsync("cubesStats.remote")).GetProperty("placement").GetString().Should().Be("remote");
        (await page.ReadAsync("cubesStats.local")).GetProperty("placement").GetString().Should().Be("local");
        await Assertions.Expect(page.Page.Locator("#remote .why")).ToHaveTextAsync("remote: chosen");
        await Assertions.Expect(page.Page.Locator("#remote .rate")).Not.ToHaveTextAsync("–");
        await page.Page.ScreenshotAsync(new() { Path = Screenshots.PathOf("extension-cubes.png") });
        utility.Output.Should().Contain("created from cubes");
        page.Errors.Should().BeEmpty();

        // The relay's cost: the remote side alone (?only=remote), through the extension and through the shim, twice each, alternating.
        await page.DisposeAsync();
        var extension = new List<double>();
        var shim = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            await using (var alone = await ShimPage.OpenInAsync(fixture.Context, utility.Origin + "/demo/cubes/index.html?n=1000&only=remote"))
            {
                extension.Add(await MeasureAsync(alone));
            }

            shim.Add(await MeasureWithShimAsync(utility));
        }

        var figures = string.Create(CultureInfo.InvariantCulture,
            $"cubes N=1,000, remote side alone, steps/s over 10 s: through the extension {string.Join(" / ", extension.Select(f => f.ToString("F0", CultureInfo.InvariantCulture)))} (mean {extension.Average():F0}), through the page shim {string.Join(" / ", shim.Select(f => f.ToString("F0", CultureInfo.InvariantCulture)))} (mean {shim.Average():F0})");
        output.WriteLine(figures);
        await File.WriteAllTextAsync(Screenshots.PathOf("cubes-relay.txt"), figures + "\n");
    }

    private static async Task<double> MeasureAsync(ShimPage page)
    {
        await page.Page.WaitForFunctionAsync("() => cubesStats.remote?.batches >= 30", null, Patient);
        return Read(await page.Page.EvaluateAsync<string>(Measure));
    }

    private static async Task<double> MeasureWithShimAsync(UtilityProcess utility)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        });
        await using var page = await ShimPage.OpenAsync(browser, utility.Origin + "/demo/cubes/index.html?n=1000&only=remote");
        return await MeasureAsync(page);
    }

    private static double Read(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        document.RootElement.GetProperty("placement").GetString().Should().Be("remote");
        return document.RootElement.GetProperty("stepsPerSecond").GetDouble();
    }
}
