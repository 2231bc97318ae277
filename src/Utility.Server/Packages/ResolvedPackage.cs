using ComputeUtility.Server.Storage;
using Wasmtime;

namespace ComputeUtility.Server.Packages;

/// <summary>A package pulled, verified and compiled for the page origin <paramref name="Partition"/> (<see cref="Http.PagePartition"/>): ready to instantiate.</summary>
internal sealed record ResolvedPackage(
    Uri ManifestUrl,
    IntegrityMetadata ManifestIntegrity,
    PackageManifest Manifest,
    SriDigest ModuleDigest,
    Module Module,
    string Partition);
