using Microsoft.Playwright;

namespace ComputeUtility.Spec.Tests.Infrastructure;

/// <summary>Debian's Chromium, headless, driven by Playwright (which never downloads a browser here).</summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string DefaultPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? DefaultPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Chromium is required to check that the site renders and was not found at {path}: apt-get install chromium (./test.sh does when run as root).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A page of 1280 × 900, the size of the screenshots in docs/screenshots.</summary>
    public Task<IPage> NewPageAsync() => Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

    /// <summary>Where screenshots go: the test output, to be looked at and copied to docs/screenshots.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
