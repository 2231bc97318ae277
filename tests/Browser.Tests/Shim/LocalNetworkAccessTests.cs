using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComputeUtility.Browser.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>
/// A public https page (Chromium told so by --ip-address-space-overrides) using a utility on this machine's loopback:
/// Chromium 156 enforces Local Network Access, so the page reaches the utility only with the user's
/// 'loopback-network' permission, and the shim runs the worker locally, saying why, without it.
/// </summary>
public sealed class LocalNetworkAccessTests(ITestOutputHelper output)
{
    // Auto placement with a round-trip bound no busy machine reaches: only whether the utility can be reached decides.
    private const string AutoEchoScript = """
        const worker = new DistributedWorker(arg.manifest, { integrity: arg.integrity, utility: arg.utility, timeoutMs: 10000, maxRoundTripMs: 60000 });
        const outcome = new Promise((resolve) => {
          worker.onmessage = (e) => resolve({ reply: e.data });
          worker.onerror = (e) => resolve({ error: e.message });
        });
        worker.postMessage({ from: location.origin });
        const result = await within(outcome, 60000, 'a reply or an error');
        window.lnaWorker = worker;
        return { ...result, placement: worker.placement, reason: worker.placementReason, candidates: worker.candidates };
        """;

    [Fact]
    public async Task A_public_page_granted_loopback_network_access_runs_its_worker_on_the_utility()
    {
        await using var scene = await PublicPageScene.StartAsync();
        (await scene.Browser.GrantAsync(scene.Page.Page, scene.PageOrigin.Origin, "loopbackNetwork")).Should().BeNull("Chromium 156 knows the permission");

        var result = await scene.RunEchoAsync();
        output.WriteLine($"placement {result.GetProperty("placement")}: {result.GetProperty("reason")}");

        result.GetProperty("placement").GetString().Should().Be("remote", result.ToString());
        result.GetProperty("reason").GetString().Should().Contain(scene.Utility.Origin);
        result.GetProperty("reply").GetRawText().Should().Be($$$"""{"count":1,"echo":{"from":"{{{scene.PageOrigin.Origin}}}"}}""");
        (await scene.UtilityWorkersAsync()).Should().Be(1, "the page's worker runs on the utility");
        scene.Page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task CU_LNA_7_A_public_page_denied_loopback_network_access_runs_locally_and_says_the_browser_refused()
    {
        await using var scene = await PublicPageScene.StartAsync();
        (await scene.Browser.SetPermissionAsync(scene.Page.Page, scene.PageOrigin.Origin, "loopback-network", "denied")).Should().BeNull();

        var result = await scene.RunEchoAsync();
        output.WriteLine($"placement {result.GetProperty("placement")}: {result.GetProperty("reason")}");

        result.GetProperty("placement").GetString().Should().Be("local", result.ToString());
        result.GetProperty("reason").GetString().Should().Contain(scene.Utility.Origin)
            .And.Contain("the browser refused to reach the local network")
            .And.Contain("Local Network Access permission 'loopback-network' is denied");
        result.GetProperty("reply").GetRawText().Should().Be($$$"""{"count":1,"echo":{"from":"{{{scene.PageOrigin.Origin}}}"}}""");
        (await scene.UtilityWorkersAsync()).Should().Be(0, "nothing reached the utility");
        scene.Page.Errors.Should().Contain(e => e.Contains("loopback", StringComparison.Ordinal), "Chromium blocked the descriptor read");
    }

    [Fact]
    public async Task CU_LNA_7_A_public_page_nobody_answers_the_permission_prompt_for_runs_locally_and_says_the_browser_refused()
    {
        // Nothing granted or denied beforehand: the state is 'prompt' until the descriptor read asks, and headless
        // Chromium, which shows no prompt, answers it as blocked ('denied' afterwards).
        await using var scene = await PublicPageScene.StartAsync();
        var before = await scene.Page.Page.EvaluateAsync<string>("async () => (await navigator.permissions.query({ name: 'loopback-network' })).state");

        var result = await scene.RunEchoAsync();
        output.WriteLine($"placement {result.GetProperty("placement")}: {result.GetProperty("reason")}");

        before.Should().Be("prompt");
        result.GetProperty("placement").GetString().Should().Be("local", result.ToString());
        result.GetProperty("reason").GetString().Should().Contain(scene.Utility.Origin)
            .And.Contain("the browser refused to reach the local network");
        result.GetProperty("reply").GetProperty("count").GetInt32().Should().Be(1);
        (await scene.UtilityWorkersAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Granting_only_the_older_local_network_access_name_does_not_open_loopback_in_chromium_156()
    {
        await using var scene = await PublicPageScene.StartAsync();
        (await scene.Browser.GrantAsync(scene.Page.Page, scene.PageOrigin.Origin, "localNetworkAccess")).Should().BeNull();

        var result = await scene.RunEchoAsync();
        output.WriteLine($"placement {result.GetProperty("placement")}: {result.GetProperty("reason")}");

        result.GetProperty("placement").GetString().Should().Be("local", "loopback requests need 'loopbackNetwork' in Chromium 156");
        (await scene.UtilityWorkersAsync()).Should().Be(0);
    }

    /// <summary>A test CA, the https page origin it signs, a utility that allows that origin and trusts the CA, and Chromium.</summary>
    private sealed class PublicPageScene : IAsyncDisposable
    {
        private readonly TestCertificateAuthority _authority;
        private readonly string _caFile;

        private PublicPageScene(TestCertificateAuthority authority, string caFile, HttpsPageOrigin pageOrigin, UtilityProcess utility, PublicPageBrowser browser, ShimPage page)
        {
            _authority = authority;
            _caFile = caFile;
            PageOrigin = pageOrigin;
            Utility = utility;
            Browser = browser;
            Page = page;
        }

        public HttpsPageOrigin PageOrigin { get; }

        public UtilityProcess Utility { get; }

        public PublicPageBrowser Browser { get; }

        public ShimPage Page { get; }

        public static async Task<PublicPageScene> StartAsync()
        {
            var authority = TestCertificateAuthority.Create("Compute Utility LNA test CA");
            var certificate = authority.Issue("127.0.0.1", IPAddress.Loopback); // kept for the page origin's handshakes; disposed with it
            var caFile = Path.GetTempFileName();
            await File.WriteAllTextAsync(caFile, authority.Root.ExportCertificatePem());
            var pageOrigin = await HttpsPageOrigin.StartAsync(certificate);

            // The utility fetches the page's package over https: it trusts the test CA (OpenSSL reads SSL_CERT_FILE).
            // The page origin is allowed explicitly, as its owner would have done; as a package origin too, since it is
            // a loopback address here (a public app's server would need no such setting).
            var utility = await UtilityProcess.StartAsync(new Dictionary<string, string> { ["SSL_CERT_FILE"] = caFile },
                "--Cors:AllowedOrigins:0=" + pageOrigin.Origin, "--Packages:AllowedOrigins:0=" + pageOrigin.Origin);
            var browser = await PublicPageBrowser.LaunchAsync(authority, pageOrigin.Port);
            var page = await ShimPage.OpenAsync(browser.Browser, pageOrigin.Origin + "/");
            (await page.ReadAsync("isSecureContext")).GetBoolean().Should().BeTrue("LNA asks permission for secure contexts only");
            return new PublicPageScene(authority, caFile, pageOrigin, utility, browser, page);
        }

        public Task<JsonElement> RunEchoAsync() =>
            Page.RunAsync(PageOrigin.Origin + "/shim/distributed-worker.js", AutoEchoScript,
                new { manifest = PageOrigin.Origin + "/packages/echo/manifest.json", integrity = Integrity.Of("echo"), utility = Utility.Origin });

        /// <summary>Workers running on the utility, as its descriptor tells the owner's own program (no Origin).</summary>
        public async Task<int> UtilityWorkersAsync()
        {
            using var client = new HttpClient();
            var descriptor = await client.GetFromJsonAsync<JsonElement>(Utility.Origin + "/.well-known/compute-utility");
            return descriptor.GetProperty("load").GetProperty("workers").GetInt32();
        }

        public async ValueTask DisposeAsync()
        {
            await Page.DisposeAsync();
            await Browser.DisposeAsync();
            await Utility.DisposeAsync();
            await PageOrigin.DisposeAsync();
            _authority.Dispose();
            File.Delete(_caFile);
        }
    }
}
