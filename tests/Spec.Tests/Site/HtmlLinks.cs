using System.Net;

namespace ComputeUtility.Spec.Tests.Site;

/// <summary>The links and anchors of the site's own HTML (attributes in double quotes, as the builder and Markdig write them).</summary>
internal static partial class HtmlLinks
{
    public static IEnumerable<string> Targets(string html) =>
        Target().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));

    public static IReadOnlySet<string> Anchors(string html) =>
        Anchor().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

    public static bool IsExternal(string url) =>
        url.StartsWith("//", StringComparison.Ordinal) || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1);

    [GeneratedRegex("\\s(?:href|src)=\"([^\"]*)\"")]
    private static partial Regex Target();

    [GeneratedRegex("\\sid=\"([^\"]*)\"")]
    private static partial Regex Anchor();
}
