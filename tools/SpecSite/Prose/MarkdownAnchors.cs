using Markdig.Renderers.Html;

namespace ComputeUtility.SpecSite.Prose;

/// <summary>
/// The anchors a Markdown file offers to a link's <c>#fragment</c>: its headings (as GitHub names
/// them) and, in the prose standard, one per requirement id.
/// </summary>
internal static class MarkdownAnchors
{
    public static IReadOnlySet<string> Of(string markdown)
    {
        var document = SpecMarkdown.Parse(markdown);
        var anchors = document.Descendants<HeadingBlock>()
            .Select(h => h.GetAttributes().Id)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        anchors.UnionWith(RequirementAnchors.Definitions(document).Select(d => d.Id));
        return anchors;
    }
}
