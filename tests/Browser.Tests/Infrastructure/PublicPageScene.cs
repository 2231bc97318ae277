namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// A test CA, the https page origin it signs (public to Chromium, see <see cref="PublicPageBrowser"/>), a utility on
/// loopback that trusts the CA, and Chromium showing the page. The owner has allowed the page's origin, or not yet.
/// </summary>
public sealed class PublicPageScene : IAsyncDisposable
{
    // Auto placement with a round-trip bound no busy machine reaches: only whether the utility can be reached, and
    // whether it serves the page, decides. The worker is kept (window.publicPageWorkers), so the utility still counts it.
    private const string AutoEchoScript = """
        const worker = new DistributedWorker(arg.manifest, { integrity: arg.integrity, utility: arg.utility, timeoutMs: 30000, maxRoundTripMs: 60000 });
        const outcome = new Promise((resolve) => {
          worker.onmessage = (e) => resolve({ reply: e.data });
          worker.onerror = (e) => resolve({ error: e.message });
        });
        worker.postMessage({ from: location.origin });
        const result = await within(outcome, 60000, 'a reply or an error');
        (window.publicPageWorkers ??= []).push(worker);
        return { ...result, placement: worker.placement, reason: worker.placementReason, candidates: worker.candidates };
        """;

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

    /// <param name="ownerAllowsPage">
    /// True: the page's origin is in <c>Cors:AllowedOrigins</c>, as if its owner had allowed it already; false: the owner
    /// has not decided, so the utility refuses the page until someone clicks Allow on the dashboard.
    /// </param>
    public static async Task<PublicPageScene> StartAsync(bool ownerAllowsPage = true)
    {
        var authority = TestCertificateAuthority.Create("Compute Utility LNA test CA");
        var certificate = authority.Issue("127.0.0.1", IPAddress.Loopback); // kept for the page origin's handshakes; disposed with it
        var caFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(caFile, authority.Root.ExportCertificatePem());
        var pageOrigin = await HttpsPageOrigin.StartAsync(certificate);

        // The utility fetches the page's package over https: it trusts the test CA (OpenSSL reads SSL_CERT_FILE).
        // The page origin is a package origin too, since it is a loopback address here (a public app's server would
        // need no such setting); that says nothing about whether the owner lets the page run work.
        string[] settings = ownerAllowsPage
            ? ["--Cors:AllowedOrigins:0=" + pageOrigin.Origin, "--Packages:AllowedOrigins:0=" + pageOrigin.Origin]
            : ["--Packages:AllowedOrigins:0=" + pageOrigin.Origin];
        var utility = await UtilityProcess.StartAsync(new Dictionary<string, string> { ["SSL_CERT_FILE"] = caFile }, settings);
        var browser = await PublicPageBrowser.LaunchAsync(authority, pageOrigin.Port);
        var page = await ShimPage.OpenAsync(browser.Browser, pageOrigin.Origin + "/");
        (await page.ReadAsync("isSecureContext")).GetBoolean().Should().BeTrue("LNA asks permission for secure contexts only");
        return new PublicPageScene(authority, caFile, pageOrigin, utility, browser, page);
    }

    /// <summary>Creates a worker from the page's own echo package (auto placement), sends one message and reads its reply, placement and reason.</summary>
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

    /// <summary>The dashboard's <c>origins</c> section (permitted, denied, pending), as the owner's own program reads it.</summary>
    public async Task<JsonElement> OwnerOriginsAsync()
    {
        using var client = new HttpClient();
        var state = await client.GetFromJsonAsync<JsonElement>(Utility.Origin + "/dashboard/state");
        return state.GetProperty("origins");
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
