namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>
/// The shim and a utility serving the test network's LAN (spec 4.1): a page that reaches it at its LAN address
/// needs the owner's token, from the option (a pairing link) or kept by the utility's own pairing page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessTokenTests(BrowserFixture fixture) : IAsyncLifetime
{
    private const string RemoteEchoScript = """
        const options = { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utility, placement: 'remote' };
        if (arg.pairing) Object.assign(options, { accessToken: parsePairingLink(arg.pairing).accessToken });
        const worker = new DistributedWorker(arg.manifest, options);
        const outcome = new Promise((resolve) => {
          worker.onmessage = (e) => resolve({ reply: e.data });
          worker.onerror = (e) => resolve({ error: e.message });
        });
        worker.postMessage({ paired: true });
        const result = await within(outcome, 20000, 'a reply or an error');
        result.placement = worker.placement;
        worker.terminate();
        return result;
        """;

    private readonly string _state = Directory.CreateTempSubdirectory("cu-shim-tokens-").FullName;
    private UtilityProcess _utility = null!;
    private PageOrigin _app = null!; // the app's page origin, which the owner allowed

    public async Task InitializeAsync()
    {
        TestNetwork.Require();
        _app = new PageOrigin();
        _utility = await UtilityProcess.StartAsync("--lan", "--Packages:AllowPrivateHosts=true", "--Lan:AccessTokenFile=" + Path.Combine(_state, "tokens.json"),
            "--Cors:AllowedOrigins:0=" + _app.Origin);
    }

    /// <summary>The utility as a device on the LAN sees it.</summary>
    private string Lan => $"http://{TestNetwork.LanAddress}:{_utility.Port}";

    public async Task DisposeAsync()
    {
        await _utility.DisposeAsync();
        await _app.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task A_page_given_the_pairing_link_runs_a_remote_worker_and_a_page_without_it_is_told_it_needs_a_token()
    {
        await using var page = await ShimPage.OpenAsync(fixture.Browser, _app.Origin + "/");
        var shim = Lan + "/shim/distributed-worker.js";
        var arg = new { manifest = Lan + "/demo/echo/manifest.json", integrity = Integrity.Of("echo"), utility = Lan, pairing = (string?)null };

        var refused = await page.RunAsync(shim, RemoteEchoScript, arg);
        var paired = await page.RunAsync(shim, RemoteEchoScript, arg with { pairing = await PairingLinkAsync() });

        refused.GetProperty("error").GetString().Should().Contain("access token");
        paired.GetProperty("placement").GetString().Should().Be("remote");
        paired.GetProperty("reply").GetRawText().Should().Be("""{"count":1,"echo":{"paired":true}}""");
    }

    [Fact]
    public async Task A_page_of_the_utility_itself_uses_the_token_its_pairing_page_kept()
    {
        var link = await PairingLinkAsync();
        var origin = new Uri(link).GetLeftPart(UriPartial.Authority);
        await using var page = await ShimPage.OpenAsync(fixture.Browser, link);
        await Assertions.Expect(page.Page.Locator("#result")).ToContainTextAsync("Paired with");
        page.Page.Url.Should().NotContain("token=", "the pairing page takes the token out of the address bar");

        var result = await page.RunAsync(origin + "/shim/distributed-worker.js", RemoteEchoScript,
            new { manifest = origin + "/demo/echo/manifest.json", integrity = Integrity.Of("echo"), utility = origin, pairing = (string?)null });

        result.GetProperty("placement").GetString().Should().Be("remote", result.GetRawText());
        page.Errors.Should().BeEmpty();
    }

    /// <summary>The pairing link of the utility's first token, as the dashboard shows it to its owner.</summary>
    private async Task<string> PairingLinkAsync()
    {
        using var owner = new HttpClient { BaseAddress = _utility.Url };
        var state = JsonDocument.Parse(await owner.GetStringAsync("/dashboard/state")).RootElement;
        return state.GetProperty("tokens").EnumerateArray().First().GetProperty("pairingUrl").GetString()!;
    }
}
