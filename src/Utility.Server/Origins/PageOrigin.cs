namespace ComputeUtility.Server.Origins;

/// <summary>
/// A web page's origin in the one form the utility compares (CU-ORIG-6): <c>scheme://host[:port]</c>, http or https,
/// host in lower case, the scheme's default port left out; or a Chromium extension's origin,
/// <c>chrome-extension://</c> and its 32-letter id, which plays the browser's part for pages (spec/user-agent.md) and
/// is then the caller the owner permits.
/// </summary>
internal static partial class PageOrigin
{
    /// <summary>Longer than any origin a browser sends (a DNS name is at most 253 characters).</summary>
    public const int MaxLength = 300;

    /// <summary>The serialised origin, or null when <paramref name="value"/> is not an http(s) origin (a path, a query, user info, <c>null</c>, …).</summary>
    public static string? Normalise(string? value)
    {
        if (value is not null && ExtensionOrigin().IsMatch(value))
        {
            return value.ToLowerInvariant();
        }

        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value.EndsWith('/')
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Length > 0 || uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || uri.Host.Length == 0)
        {
            return null;
        }

        return uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped).ToLowerInvariant();
    }

    [System.Text.RegularExpressions.GeneratedRegex("^chrome-extension://[a-p]{32}$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ExtensionOrigin();
}
