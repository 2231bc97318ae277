using System.Text.Json;

namespace ComputeUtility.SpecSite.Api;

/// <summary>
/// The API reference: ReDoc's standalone bundle rendering the bundled openapi.yaml, which the page
/// carries inside itself so that it works opened from disk, with nothing fetched.
/// </summary>
internal static class ApiReferencePage
{
    public const string RendererFile = "assets/redoc.standalone.js";

    // The default encoder escapes '<', '>' and '&', so the JSON cannot end the script element early.
    private static readonly JsonSerializerOptions Embedded = new() { WriteIndented = false };

    public static string Render(JsonObject bundledSpec)
    {
        const string page = SiteMap.Api;
        var root = SiteMap.ToRoot(page);
        var content = "<div id=\"api-reference\"></div>\n<noscript><p>The API reference needs JavaScript; the document itself is "
            + $"<a href=\"{root}openapi.yaml\">openapi.yaml</a>.</p></noscript>";
        var scripts = $"<script id=\"openapi-document\" type=\"application/json\">{bundledSpec.ToJsonString(Embedded)}</script>\n"
            + $"<script src=\"{root}{RendererFile}\"></script>\n"
            + "<script>\n"
            + "  Redoc.init(JSON.parse(document.getElementById('openapi-document').textContent),\n"
            + "    { scrollYOffset: 'header.site', expandResponses: '200,201', hideDownloadButton: true, jsonSampleExpandLevel: 3 },\n"
            + "    document.getElementById('api-reference'));\n"
            + "</script>\n";
        return PageLayout.Render(page, "API reference", content, wide: true, scripts: scripts);
    }
}
