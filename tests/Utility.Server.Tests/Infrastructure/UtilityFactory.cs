using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>
/// The utility on real Kestrel at an ephemeral loopback port, with a private cache folder and
/// settings a test may override. Private hosts are allowed so a <see cref="TestOrigin"/> can serve packages.
/// </summary>
internal sealed class UtilityFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "cu-tests-" + Guid.NewGuid().ToString("N"));

    private readonly Action<IServiceCollection>? _services;

    public UtilityFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["Packages:AllowPrivateHosts"] = "true",
            ["Packages:CacheDirectory"] = _cache,
            // Page origins allowed on the dashboard go to a file of this test's own, never the user's state folder.
            ["Cors:OriginPermissionFile"] = _cache + "-origins.json",
            ["Packages:FetchRetryBaseDelayMs"] = "20",
            ["Packages:FetchTimeoutSeconds"] = "10",
            ["Limits:MessageDeadlineMs"] = "500",
            ["Limits:TaskDeadlineMs"] = "1000",
            ["Limits:MaxMemoryBytesPerWorker"] = (16 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests create workers and post messages far faster than a page; the rate-limit tests turn this off again.
            ["RateLimits:ExemptLoopback"] = "true",
            // Announcing multicasts: only tests that run inside the private test network turn it on.
            ["Discovery:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        // No port here: WebApplicationFactory then leaves the addresses alone (setting a port clears them, which races with startup); Urls picks a free one.
        UseKestrel();
    }

    public string CacheDirectory => _cache;

    /// <summary>Starts Kestrel and returns a client whose base address is the utility.</summary>
    public HttpClient Start()
    {
        StartServer();
        return CreateClient();
    }

    /// <summary>The utility's base URI (http://127.0.0.1:port/).</summary>
    public Uri BaseUri => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Urls", "http://127.0.0.1:0");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        File.Delete(_cache + "-origins.json");
        try
        {
            Directory.Delete(_cache, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
