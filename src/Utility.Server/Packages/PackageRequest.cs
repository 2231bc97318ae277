using ComputeUtility.Server.Http;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.RateLimits;

namespace ComputeUtility.Server.Packages;

/// <summary>What a client asked for: a manifest URL with its integrity, and who asked.</summary>
/// <param name="ManifestUrl">Absolute URL of the package manifest.</param>
/// <param name="Integrity">SRI metadata the manifest bytes must match.</param>
/// <param name="RequestOrigin">The request's <c>Origin</c> header, if any.</param>
/// <param name="SelfAuthority">scheme://host[:port] the client used to reach this utility (for the demo origin).</param>
/// <param name="Client">The client's partition (<see cref="RateLimits.ClientPartition"/>), whose compilations are counted together.</param>
internal sealed record PackageRequest(Uri ManifestUrl, IntegrityMetadata Integrity, string? RequestOrigin, string SelfAuthority, string Client)
{
    /// <summary>Validates the package URL and integrity fields shared by workers and tasks.</summary>
    public static PackageRequest Parse(HttpRequest request, string? package, string? integrity)
    {
        if (string.IsNullOrWhiteSpace(package))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, "'package' is required: the absolute URL of the package manifest.");
        }

        // On Unix, Uri reads "/path" as an absolute file URI: demand an explicit scheme.
        if (!Uri.TryCreate(package, UriKind.Absolute, out var url)
            || !package.StartsWith(url.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, $"'package' must be an absolute URL, not '{package}'.");
        }

        if (PackageUrl.HasControlCharacters(url))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, "'package' must not name a path with control characters (such as %00).");
        }

        if (integrity is null)
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, "'integrity' is required: the SRI digest of the manifest, e.g. sha256-BASE64.");
        }

        if (!IntegrityMetadata.TryParse(integrity, out var metadata, out var error))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, $"'integrity': {error}");
        }

        return new(url, metadata, request.Origin(), request.SelfAuthority(), PartitionOf(request));
    }

    /// <summary>Who the utility counts a request's compilations against: its address, or IPv6 /64.</summary>
    private static string PartitionOf(HttpRequest request) => ClientPartition.Of(request.HttpContext.Connection.RemoteIpAddress);
}
