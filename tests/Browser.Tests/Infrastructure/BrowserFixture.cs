namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (which never downloads a browser here), and
/// one utility server shared by the tests of the collection.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public UtilityProcess Utility { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? ChromiumPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium is required for the browser tests and was not found at {path}: apt-get install chromium fonts-dejavu-core (./test.sh does when run as root).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        });
        Utility = await UtilityProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Utility is not null)
        {
            await Utility.DisposeAsync();
        }

        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
