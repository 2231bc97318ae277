using System.Net;

namespace ComputeUtility.SpecSite.Site;

/// <summary>The frame every page shares: head, the site's navigation, the content.</summary>
internal static class PageLayout
{
    private static readonly (string Path, string Label)[] Navigation =
    [
        (SiteMap.Prose, "Standard"),
        (SiteMap.UserAgent, "User agent"),
        (SiteMap.Explainer, "Explainer"),
        (SiteMap.Api, "API"),
        (SiteMap.Requirements, "Requirements"),
        (SiteMap.Checks, "Checks"),
        (SiteMap.Schemas, "Schemas"),
        (SiteMap.Index + "#reports", "Reports"),
    ];

    // The site loads nothing from elsewhere, served or opened from disk; the renderer's attribution logo included.
    private const string OnlyItself = "default-src 'self' file: data: blob:; script-src 'self' file: blob: 'unsafe-inline'; style-src 'self' file: 'unsafe-inline'";

    /// <param name="page">The page's path in the site (for relative links).</param>
    /// <param name="title">The page title.</param>
    /// <param name="content">HTML of the content.</param>
    /// <param name="wide">Whether the content takes the whole width (the API reference) instead of a reading column.</param>
    /// <param name="scripts">HTML put after the content (script elements).</param>
    public static string Render(string page, string title, string content, bool wide = false, string scripts = "")
    {
        var root = SiteMap.ToRoot(page);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(OnlyItself).Append("\">\n")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append(" — Compute Utility</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(root).Append("assets/style.css\">\n</head>\n")
            .Append("<body").Append(wide ? " class=\"wide\"" : "").Append(">\n<header class=\"site\">\n")
            .Append("<a class=\"brand\" href=\"").Append(root).Append(SiteMap.Index).Append("\">Compute Utility</a>\n<nav>\n");
        foreach (var (path, label) in Navigation)
        {
            var current = path == page ? " aria-current=\"page\"" : "";
            html.Append("<a href=\"").Append(root).Append(path).Append('"').Append(current).Append('>').Append(label).Append("</a>\n");
        }

        html.Append("</nav>\n</header>\n<main>\n").Append(content).Append("\n</main>\n").Append(scripts).Append("</body>\n</html>\n");
        return html.ToString();
    }

    public static string Encode(string text) => WebUtility.HtmlEncode(text);
}
