using Microsoft.Playwright;

namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium with the Compute Utility extension (src/Browser.Extension, packed by its own pack.mjs) loaded in
/// a persistent profile, in the new headless mode, which runs extensions; the discover CLI installed as the profile's
/// native messaging host (tools/install/native-host.sh), browsing mDNS on loopback inside the test namespace; and a
/// second origin for the pages. Each test starts the utilities it needs, announced over mDNS.
/// </summary>
public sealed class ExtensionFixture : IAsyncLifetime
{
    /// <summary>The id the <c>key</c> of the extension's manifest gives it; the host manifest allows only this origin.</summary>
    public const string ExtensionId = "jiclekfgdmflefihlndgmahblbihcned";

    public const string ExtensionOrigin = "chrome-extension://" + ExtensionId;

    private IPlaywright? _playwright;
    private DirectoryInfo? _root;

    public IBrowserContext Context { get; private set; } = null!;

    public PageOrigin App { get; private set; } = null!;

    public string ShimUrl => App.Origin + "/shim/distributed-worker.js";

    public async Task InitializeAsync()
    {
        TestNetwork.Require();
        _root = Directory.CreateTempSubdirectory("cu-extension-");
        var extension = Path.Combine(_root.FullName, "extension");
        var profile = Path.Combine(_root.FullName, "profile");
        var pack = await ToolRun.RunAsync(null, TimeSpan.FromMinutes(1), "node", [Repo.File("src", "Browser.Extension", "pack.mjs"), extension], null,
            "tools/peers/install.sh installs Node.js");
        pack.ExitCode.Should().Be(0, pack.Errors);
        var install = await ToolRun.RunAsync(null, TimeSpan.FromMinutes(1), "bash",
            [Repo.File("tools", "install", "native-host.sh"), "--profile", profile, "--cli", Repo.DiscoveryCliDll, "--", "--interface", "lo", "--no-ipv6"],
            null, "bash is part of every Debian");
        install.ExitCode.Should().Be(0, install.Errors);

        _playwright = await Playwright.CreateAsync();
        Context = await _playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? BrowserFixture.ChromiumPath,
            // Playwright's own headless switch is left off so that the mode is stated: --headless=new loads extensions.
            Headless = false,
            IgnoreDefaultArgs = ["--disable-extensions"],
            Args = ["--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
                $"--disable-extensions-except={extension}", $"--load-extension={extension}"],
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
        });
        // The extension's page loads only when the extension runs under the id its manifest's key fixes.
        var check = await Context.NewPageAsync();
        await check.GotoAsync(ExtensionOrigin + "/ui.html");
        (await check.TitleAsync()).Should().Be("Compute Utility", "Chromium loaded the extension with the id its key gives");
        await check.CloseAsync();
        App = new PageOrigin();
    }

    /// <summary>A utility announced over mDNS on loopback as <paramref name="name"/>, which allows the extension's origin and no page's.</summary>
    public static Task<UtilityProcess> StartAnnouncedUtilityAsync(string name, params string[] settings) =>
        UtilityProcess.StartAsync(["--Discovery:Enabled=true", "--Discovery:Interfaces:0=lo", "--Discovery:IPv6=false",
            $"--Discovery:InstanceName={name}", $"--Cors:AllowedOrigins:0={ExtensionOrigin}", .. settings]);

    /// <summary>
    /// A utility announced on the test network under a fresh name, serving the app's packages, once the extension has
    /// found it and the user has allowed (or denied) the app's site in the extension's own page.
    /// </summary>
    public async Task<UtilityProcess> StartDecidedUtilityAsync(bool allowSite)
    {
        var name = "ext-" + Guid.NewGuid().ToString("n")[..6];
        var utility = await StartAnnouncedUtilityAsync(name, "--Packages:AllowedOrigins:0=" + App.Origin);
        try
        {
            await using var ui = await ExtensionPage.OpenAsync(Context, App.Origin);
            await ui.WaitForUtilityAsync(name);
            await (allowSite ? ui.AllowAsync() : ui.DenyAsync());
        }
        catch
        {
            await utility.DisposeAsync();
            throw;
        }

        return utility;
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Context is not null)
        {
            await Context.DisposeAsync();
        }

        _playwright?.Dispose();
        _root?.Delete(recursive: true);
    }
}
