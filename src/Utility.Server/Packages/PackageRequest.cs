namespace ComputeUtility.Server.Packages;

/// <summary>What a client asked for: a manifest URL with its integrity, and who asked.</summary>
/// <param name="ManifestUrl">Absolute URL of the package manifest.</param>
/// <param name="Integrity">SRI metadata the manifest bytes must match.</param>
/// <param name="RequestOrigin">The request's <c>Origin</c> header, if any.</param>
/// <param name="SelfAuthority">scheme://host[:port] the client used to reach this utility (for the demo origin).</param>
/// <param name="Client">The client's partition (<see cref="RateLimits.ClientPartition"/>), whose compilations are counted together.</param>
internal sealed record PackageRequest(Uri ManifestUrl, IntegrityMetadata Integrity, string? RequestOrigin, string SelfAuthority, string Client);
