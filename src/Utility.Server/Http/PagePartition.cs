namespace ComputeUtility.Server.Http;

/// <summary>
/// The page origin a request's history is kept under (spec 17, CU-SEC-13): estimates, fetched bytes and compiled modules
/// learned for one origin are never used for another. Requests without <c>Origin</c> (programs) share one partition.
/// </summary>
internal static class PagePartition
{
    /// <summary>The partition of requests that send no <c>Origin</c>.</summary>
    public const string Programs = "";

    /// <summary>The serialised origin, scheme and host lower-cased and a default port dropped; <see cref="Programs"/> for none.</summary>
    public static string Of(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin))
        {
            return Programs;
        }

        var trimmed = origin.Trim();
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : trimmed.ToLowerInvariant(); // "null" (an opaque origin) and anything odd stay a partition of their own
    }

    public static string PagePartitionOf(this HttpRequest request) => Of(request.Origin());

    /// <summary>A key for <paramref name="key"/> inside <paramref name="partition"/>: the programs' keys stay as they were.</summary>
    public static string Key(string partition, string key) =>
        partition.Length == 0 ? key : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(partition)))[..16] + "-" + key;
}
