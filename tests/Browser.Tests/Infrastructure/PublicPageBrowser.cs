using System.Diagnostics;

namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium started for one https page origin that it must treat as <b>public</b>
/// (<c>--ip-address-space-overrides=127.0.0.1:port=public</c>), so Local Network Access applies when that page
/// reaches a loopback utility. Its HOME is a fresh folder whose NSS database (<c>~/.pki/nssdb</c>, made with
/// <c>certutil</c> from libnss3-tools) trusts the test CA that signed the page's certificate.
/// </summary>
public sealed class PublicPageBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly string _home;

    // Chromium drops the permission overrides a CDP session made when it detaches: one session lives as long as the browser.
    private readonly ICDPSession _session;

    private PublicPageBrowser(IPlaywright playwright, IBrowser browser, ICDPSession session, string home)
    {
        _playwright = playwright;
        Browser = browser;
        _session = session;
        _home = home;
    }

    public IBrowser Browser { get; }

    public static async Task<PublicPageBrowser> LaunchAsync(TestCertificateAuthority authority, int publicPagePort)
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? BrowserFixture.ChromiumPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Chromium is required and was not found at {path}: apt-get install chromium (./test.sh does when run as root).");
        }

        var home = Directory.CreateTempSubdirectory("cu-lna-home-").FullName;
        try
        {
            var nss = Path.Combine(home, ".pki", "nssdb");
            Directory.CreateDirectory(nss);
            var rootFile = Path.Combine(home, "test-ca.pem");
            await File.WriteAllTextAsync(rootFile, authority.Root.ExportCertificatePem());
            await CertutilAsync("-N", "-d", "sql:" + nss, "--empty-password");
            await CertutilAsync("-A", "-d", "sql:" + nss, "-n", "Compute Utility test CA", "-t", "C,,", "-i", rootFile);

            var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
            environment["HOME"] = home;
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                Env = environment!,
                Args =
                [
                    "--no-sandbox", "--disable-background-networking", "--disable-component-update",
                    $"--ip-address-space-overrides=127.0.0.1:{publicPagePort}=public",
                ],
            });
            return new PublicPageBrowser(playwright, browser, await browser.NewBrowserCDPSessionAsync(), home);
        }
        catch
        {
            Directory.Delete(home, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Sends <c>Browser.grantPermissions</c> over CDP for the context that shows <paramref name="page"/>, as a user
    /// clicking Allow on the prompt would; returns Chromium's error text, or null when it accepted.
    /// </summary>
    public async Task<string?> GrantAsync(IPage page, string origin, params string[] permissions)
    {
        var contextId = await ContextOfAsync(_session, page);
        try
        {
            await _session.SendAsync("Browser.grantPermissions", new Dictionary<string, object>
            {
                ["permissions"] = permissions,
                ["origin"] = origin,
                ["browserContextId"] = contextId,
            });
            return null;
        }
        catch (PlaywrightException e)
        {
            return e.Message;
        }
    }

    /// <summary>Sets one permission (by its Permissions API name) to <paramref name="setting"/> over CDP, as a user's choice would.</summary>
    public async Task<string?> SetPermissionAsync(IPage page, string origin, string name, string setting)
    {
        var contextId = await ContextOfAsync(_session, page);
        try
        {
            await _session.SendAsync("Browser.setPermission", new Dictionary<string, object>
            {
                ["permission"] = new Dictionary<string, object> { ["name"] = name },
                ["setting"] = setting,
                ["origin"] = origin,
                ["browserContextId"] = contextId,
            });
            return null;
        }
        catch (PlaywrightException e)
        {
            return e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; the temp folder is cleaned by the system.
        }
    }

    private static async Task<string> ContextOfAsync(ICDPSession session, IPage page)
    {
        var targets = await session.SendAsync("Target.getTargets") ?? throw new InvalidOperationException("Target.getTargets answered nothing");
        foreach (var target in targets.GetProperty("targetInfos").EnumerateArray())
        {
            if (target.GetProperty("type").GetString() == "page" && target.GetProperty("url").GetString() == page.Url)
            {
                return target.GetProperty("browserContextId").GetString()!;
            }
        }

        throw new InvalidOperationException($"no page target shows {page.Url}: {targets}");
    }

    private static async Task CertutilAsync(params string[] args)
    {
        var start = new ProcessStartInfo("certutil") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("could not start certutil");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "certutil (Debian package libnss3-tools) is required to trust the test CA in Chromium's NSS database: apt-get install libnss3-tools (./test.sh does when run as root).", e);
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"certutil {string.Join(' ', args)} failed ({process.ExitCode}): {output}");
            }
        }
    }
}
