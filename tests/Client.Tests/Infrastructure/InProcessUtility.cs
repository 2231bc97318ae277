using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace ComputeUtility.Client.Tests.Infrastructure;

/// <summary>
/// The utility on real Kestrel at a free loopback port (WebSockets need a real socket), with a private
/// cache folder; packages come from its own demo origin, as in the README.
/// </summary>
public sealed class InProcessUtility : WebApplicationFactory<Program>
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("cu-client-tests-");
    private readonly Dictionary<string, string?> _settings;

    public InProcessUtility()
        : this([])
    {
    }

    internal InProcessUtility(Dictionary<string, string?> settings)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Packages:CacheDirectory"] = Path.Combine(_folder.FullName, "cache"),
            ["Cors:OriginPermissionFile"] = Path.Combine(_folder.FullName, "origins.json"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["RateLimits:ExemptLoopback"] = "true",
            ["Discovery:Enabled"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        UseKestrel();
        StartServer();
    }

    /// <summary>The utility's base URI (http://127.0.0.1:port/).</summary>
    public Uri BaseUri => ClientOptions.BaseAddress;

    /// <summary>The echo example's manifest on the utility's demo origin.</summary>
    public Uri Echo => new(BaseUri, "/demo/echo/manifest.json");

    /// <summary>The hello example (a command package) on the demo origin.</summary>
    public Uri Hello => new(BaseUri, "/demo/hello/manifest.json");

    /// <summary>The SRI digest of an example's manifest as the test output holds it.</summary>
    public static string Integrity(string example) =>
        "sha256-" + Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "demo", example, "manifest.json"))));

    /// <summary>
    /// A new echo worker that has answered <paramref name="messages"/> messages <c>{}</c> sent by POST: accepted is not
    /// answered, and a worker deleted with messages still queued ends without answering them.
    /// </summary>
    public async Task<Worker> CreateEchoAsync(UtilityClient client, int messages, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(messages);
        var worker = await client.CreateWorkerAsync(Echo, Integrity("echo"), cancellationToken);
        for (var i = 0; i < messages; i++)
        {
            await client.PostMessageAsync(worker, "{}", cancellationToken);
        }

        using var watcher = new UtilityClient(BaseUri);
        await foreach (var reply in watcher.ReadEventsAsync(worker, cancellationToken: cancellationToken))
        {
            if (reply.Kind == "message" && reply.Data.GetProperty("count").GetInt32() == messages)
            {
                break;
            }
        }

        return worker;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Urls", "http://127.0.0.1:0");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the system.
        }
    }
}
