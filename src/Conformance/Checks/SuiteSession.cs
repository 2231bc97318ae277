using System.Text.Json;
using ComputeUtility.Conformance.Origin;
using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Conformance.Checks;

/// <summary>What all checks of one run share: the target, the suite's origin and packages, the spec.</summary>
internal sealed class SuiteSession(Uri target, HttpClient http, SuiteOrigin origin, OpenApiDocument spec, IReadOnlyList<string> discoveryInterfaces) : IAsyncDisposable
{
    private readonly Dictionary<string, PublishedPackage> _packages = [];
    private readonly Lock _gate = new();

    public Uri Target { get; } = target;

    public HttpClient Http { get; } = http;

    public SuiteOrigin Origin { get; } = origin;

    public PackageCatalog Catalog { get; } = new(origin);

    public OpenApiDocument Spec { get; } = spec;

    public ResponseValidator Validator { get; } = new(spec);

    public OpenApiEnvelopeValidator Envelopes { get; } = new(spec);

    /// <summary>Interfaces the discovery checks browse on.</summary>
    public IReadOnlyList<string> DiscoveryInterfaces { get; } = discoveryInterfaces;

    /// <summary>What browsing found for the target, once per run (null: not found).</summary>
    public Task<ComputeUtility.Discovery.Browsing.DiscoveredUtility?>? Sighting { get; set; }

    /// <summary>The owner's access token for the target, if the run was given one.</summary>
    public string? AccessToken { get; init; }

    /// <summary>How long the suite waits for one answer, unless the request waits for a published deadline.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Stops the target (the operator's hook), or null when the run was not given one.</summary>
    public Func<CancellationToken, Task>? StopTarget { get; init; }

    /// <summary>A page origin the target's owner has denied, or null when the run was not told one.</summary>
    public string? DeniedOrigin { get; init; }

    /// <summary>The descriptor as read at the start of the run.</summary>
    public JsonElement Descriptor { get; set; }

    /// <summary>A package published once per run under its module name (honest manifest).</summary>
    public PublishedPackage Package(string module, string kind = "reactor")
    {
        lock (_gate)
        {
            if (!_packages.TryGetValue(module, out var package))
            {
                package = Catalog.Publish(module, kind);
                _packages[module] = package;
            }

            return package;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Origin.DisposeAsync();
    }
}
