using Wasmtime;

namespace ComputeUtility.Server.Packages;

/// <summary>A package pulled, verified and compiled: ready to instantiate.</summary>
internal sealed record ResolvedPackage(
    Uri ManifestUrl,
    IntegrityMetadata ManifestIntegrity,
    PackageManifest Manifest,
    SriDigest ModuleDigest,
    Module Module);
