using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Sandbox;
using Microsoft.Extensions.Options;
using Wasmtime;

namespace ComputeUtility.Server.Packages;

/// <summary>
/// The pull path: origin rule → manifest (verified) → module reference (same origin, verified)
/// → compiled module (cached by digest) → ABI check. Nothing is compiled before its bytes match
/// their digest, and nothing is instantiated before the ABI check passes.
/// </summary>
internal sealed class PackageResolver(
    OriginPolicy origins,
    PackageFetcher fetcher,
    ManifestReader manifests,
    ModuleCache modules,
    Telemetry.UtilityMetrics telemetry,
    IOptions<LimitsOptions> limits)
{
    private const int MaxParsedManifests = 1024;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PackageManifest> _parsed = new();

    public async Task<ResolvedPackage> ResolveAsync(PackageRequest request, string expectedKind, CancellationToken cancellationToken)
    {
        origins.Check(request.ManifestUrl, request.RequestOrigin, request.SelfAuthority);
        var partition = Http.PagePartition.Of(request.RequestOrigin);
        var manifest = await ReadManifestAsync(request, partition, cancellationToken);

        if (manifest.Kind != expectedKind)
        {
            throw new ProblemException(ProblemTypes.InvalidManifest,
                $"The package is a {manifest.Kind}; this operation runs a {expectedKind}.");
        }

        if (expectedKind == PackageManifest.ReactorKind && manifest.Abi != GuestAbi.Version)
        {
            throw new ProblemException(ProblemTypes.AbiMismatch,
                $"The package declares ABI '{manifest.Abi}'; this utility implements '{GuestAbi.Version}'.");
        }

        if (manifest.Memory?.MaximumBytes is { } wanted && wanted > MemoryLimit(expectedKind))
        {
            throw new ProblemException(ProblemTypes.PackageTooLarge,
                    $"The package needs up to {wanted} bytes of memory; this utility allows {MemoryLimit(expectedKind)}.")
                .With("limit", MemoryLimit(expectedKind));
        }

        if (!Uri.TryCreate(request.ManifestUrl, manifest.Module.Url, out var moduleUrl)
            || moduleUrl.GetLeftPart(UriPartial.Authority) != request.ManifestUrl.GetLeftPart(UriPartial.Authority))
        {
            throw new ProblemException(ProblemTypes.OriginNotAllowed,
                "The manifest's module URL must be on the same origin as the manifest.");
        }

        if (PackageUrl.HasControlCharacters(moduleUrl))
        {
            throw new ProblemException(ProblemTypes.InvalidManifest, "The manifest's module.url names a path with control characters.")
                .With("errors", new[] { "module.url: control characters in the path" });
        }

        if (!IntegrityMetadata.TryParse(manifest.Module.Integrity, out var moduleIntegrity, out var error))
        {
            throw new ProblemException(ProblemTypes.InvalidManifest, $"module.integrity: {error}");
        }

        if (manifest.Module.Size is { } size && size > limits.Value.MaxModuleBytes)
        {
            throw new ProblemException(ProblemTypes.PackageTooLarge,
                    $"The module is {size} bytes; this utility accepts at most {limits.Value.MaxModuleBytes}.")
                .With("limit", limits.Value.MaxModuleBytes);
        }

        // Bytes and compiled code are kept per page origin (CU-SEC-13): another origin's copy would answer faster and tell.
        var module = modules.TryGet(partition, moduleIntegrity.Primary);
        if (module is not null)
        {
            telemetry.PackageCacheHit("module");
        }
        else
        {
            var moduleBytes = await fetcher.FetchAsync(moduleUrl, moduleIntegrity, limits.Value.MaxModuleBytes, "module",
                request.SelfAuthority, partition, cancellationToken);
            module = await modules.GetOrCompileAsync(partition, moduleIntegrity.Primary, moduleBytes, manifest.Name, request.Client,
                cancellationToken);
        }

        if (expectedKind == PackageManifest.ReactorKind)
        {
            GuestAbi.CheckReactor(module);
        }
        else
        {
            GuestAbi.CheckCommand(module);
        }

        var initialBytes = module.Exports.OfType<MemoryExport>().Where(m => m.Name == "memory").Sum(m => m.Minimum) * 65536;
        if (initialBytes > MemoryLimit(expectedKind))
        {
            throw new ProblemException(ProblemTypes.PackageTooLarge,
                    $"The module starts with {initialBytes} bytes of memory; this utility allows {MemoryLimit(expectedKind)}.")
                .With("limit", MemoryLimit(expectedKind));
        }

        return new ResolvedPackage(request.ManifestUrl, request.Integrity, manifest, moduleIntegrity.Primary, module, partition);
    }

    /// <summary>A manifest is identified by its digest, so a parsed one is reused for the same integrity and page origin.</summary>
    private async Task<PackageManifest> ReadManifestAsync(PackageRequest request, string partition, CancellationToken cancellationToken)
    {
        var key = Http.PagePartition.Key(partition, request.Integrity.Primary.CacheKey);
        if (_parsed.TryGetValue(key, out var known))
        {
            telemetry.PackageCacheHit("manifest");
            return known;
        }

        var bytes = await fetcher.FetchAsync(request.ManifestUrl, request.Integrity, limits.Value.MaxManifestBytes,
            "manifest", request.SelfAuthority, partition, cancellationToken);
        var manifest = manifests.Read(bytes);
        if (_parsed.Count >= MaxParsedManifests)
        {
            _parsed.Clear();
        }

        _parsed[key] = manifest;
        return manifest;
    }

    private long MemoryLimit(string kind) =>
        kind == PackageManifest.ReactorKind ? limits.Value.MaxMemoryBytesPerWorker : limits.Value.MaxTaskMemoryBytes;
}
