using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComputeUtility.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ComputeUtility.Browser.Tests.Extension;

/// <summary>
/// What a page can read about the utility its worker runs on: with the shim it names the utility and reads its origin,
/// candidates and figures; through the extension, nothing — and its own requests to the utility are refused by the
/// owner's consent, which the extension's origin has and the page's has not.
/// </summary>
[Collection(ExtensionCollection.Name)]
public sealed class PageLearnsNothingTests(ExtensionFixture fixture, ITestOutputHelper output)
{
    [Fact]
    [Requirement("CU-UA-4")]
    public async Task CU_UA_4_no_value_the_page_can_read_holds_the_utilitys_address_port_name_or_descriptor_where_the_shim_gave_them_all()
    {
        var name = "ext-" + Guid.NewGuid().ToString("n")[..6];
        await using var utility = await ExtensionFixture.StartAnnouncedUtilityAsync(name,
            "--Packages:AllowedOrigins:0=" + fixture.App.Origin, "--Cors:AllowedOrigins:1=" + fixture.App.Origin);
        var secrets = await SecretsOfAsync(utility, name);
        await using (var ui = await ExtensionPage.OpenAsync(fixture.Context, fixture.App.Origin))
        {
            await ui.WaitForUtilityAsync(name);
            await ui.AllowAsync();
        }

        var before = await ReadableWithShimAsync(utility);
        await using var page = await ShimPage.OpenInAsync(fixture.Context, fixture.App.Origin + "/");
        var after = await page.RunAsync(fixture.ShimUrl, ExtensionScripts.Readable,
            new { shim = fixture.ShimUrl, manifest = "/packages/echo/manifest.json", integrity = Integrity.Of("echo") });

        var shimList = Lines(before);
        var extensionList = Lines(after);
        await File.WriteAllTextAsync(Screenshots.PathOf("readable-values.txt"),
            "# Before: the page shim\n" + string.Join('\n', shimList) + "\n\n# After: the extension\n" + string.Join('\n', extensionList) + "\n");
        output.WriteLine("BEFORE (shim):\n" + string.Join('\n', shimList) + "\n\nAFTER (extension):\n" + string.Join('\n', extensionList));
        string.Join('\n', shimList).Should().Contain(utility.Origin, "the collection sees what the shim hands the page");
        extensionList.Should().Contain(l => l.StartsWith("worker.placement: \"remote\"", StringComparison.Ordinal));
        extensionList.Should().Contain(l => l.StartsWith("event message:", StringComparison.Ordinal), "the page got its replies");
        extensionList.Should().Contain(l => l.StartsWith("ready rejection (refused start):", StringComparison.Ordinal));
        foreach (var line in extensionList)
        {
            var text = line.Replace(fixture.App.Origin, "<page origin>", StringComparison.Ordinal);
            foreach (var secret in secrets)
            {
                Regex.IsMatch(text, $@"(?<![0-9A-Za-z]){Regex.Escape(secret)}(?![0-9A-Za-z])").Should().BeFalse($"'{secret}' is the utility's, and the page read: {line}");
            }
        }

        page.Errors.Where(e => !e.Contains("[worker]", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Fact]
    [Requirement("CU-PERM-1")]
    public async Task CU_PERM_1_the_pages_own_request_to_the_utility_its_worker_runs_on_is_refused_by_the_owners_consent()
    {
        await using var utility = await fixture.StartDecidedUtilityAsync(allowSite: true);

        await using var page = await ShimPage.OpenInAsync(fixture.Context, fixture.App.Origin + "/");
        var echo = await page.RunAsync(fixture.ShimUrl, ExtensionScripts.Echo, new { manifest = "/packages/echo/manifest.json", integrity = Integrity.Of("echo"), placement = "remote" });
        var own = await page.RunAsync(fixture.ShimUrl, """
            const body = JSON.stringify({ package: new URL('/packages/echo/manifest.json', location.href).href, integrity: arg.integrity });
            const attempt = async (init) => { try { const r = await fetch(arg.utility + '/v1/workers', init); const problem = await r.json().catch(() => ({})); return `status ${r.status} ${problem.type ?? ''}`.trim(); } catch (e) { return `${e.name}: ${e.message}`; } };
            return {
              cors: await attempt({ method: 'POST', body, headers: { 'content-type': 'application/json' } }),
              simple: await attempt({ method: 'POST', body, mode: 'no-cors' }),
            };
            """, new { utility = utility.Origin, integrity = Integrity.Of("echo") });

        echo.GetProperty("placement").GetString().Should().Be("remote", "the extension's origin is the one the owner allowed");
        own.GetProperty("cors").GetString().Should().Be("status 403 urn:compute-utility:problem:origin-not-permitted", own.GetRawText());
        own.GetProperty("simple").GetString().Should().Be("status 0", "an opaque answer: the page reads nothing of it");
        utility.Output.Should().Contain($"A page from {fixture.App.Origin} asked to run work here", "the utility refused the page's own request as not permitted (403)");
        Regex.Matches(utility.Output, "created from echo").Should().HaveCount(1, "only the extension's worker was created");
    }

    private async Task<JsonElement> ReadableWithShimAsync(UtilityProcess utility)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        });
        await using var page = await ShimPage.OpenAsync(browser, fixture.App.Origin + "/");
        return await page.RunAsync(fixture.ShimUrl, ExtensionScripts.Readable,
            new { shim = fixture.ShimUrl, manifest = "/packages/echo/manifest.json", integrity = Integrity.Of("echo"), utility = utility.Origin });
    }

    /// <summary>What identifies the utility: its origin, port, instance name, descriptor id and name, and descriptor member names.</summary>
    private static async Task<List<string>> SecretsOfAsync(UtilityProcess utility, string name)
    {
        using var http = new HttpClient();
        var descriptor = await http.GetFromJsonAsync<JsonElement>(utility.Origin + "/.well-known/compute-utility");
        var secrets = new List<string> { utility.Origin, utility.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), name,
            descriptor.GetProperty("id").GetString()!, "descriptorVersion", "heartbeatIntervalMs", "runtimes", "policies", "pressure", "rttMs",
            // Snapshot headers: the utility's worker id, and its clock reading.
            "workerId", "\"createdAt\":\"" };
        if (descriptor.TryGetProperty("name", out var descriptorName) && descriptorName.GetString() is { Length: > 2 } n)
        {
            secrets.Add(n);
        }

        return secrets;
    }

    private static List<string> Lines(JsonElement readable) =>
        readable.EnumerateArray().Select(pair => $"{pair[0].GetString()}: {pair[1].GetString()}").ToList();
}
