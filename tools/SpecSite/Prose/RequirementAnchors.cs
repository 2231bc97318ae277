using Markdig.Renderers.Html;

namespace ComputeUtility.SpecSite.Prose;

/// <summary>
/// Requirement definitions of the prose (<c>- **CU-WRK-8** [core] …</c>): each list item gets the
/// id as its anchor, and its bold id links to the requirement's row in the index.
/// </summary>
internal static class RequirementAnchors
{
    /// <summary>Each requirement definition with the list item that holds it.</summary>
    public static IEnumerable<(string Id, ListItemBlock Item, LiteralInline Label)> Definitions(MarkdownDocument document)
    {
        foreach (var item in document.Descendants<ListItemBlock>())
        {
            if (item.FirstOrDefault() is ParagraphBlock { Inline.FirstChild: EmphasisInline { DelimiterCount: 2, FirstChild: LiteralInline label } }
                && RequirementIds.IsId(label.Content.ToString()))
            {
                yield return (label.Content.ToString(), item, label);
            }
        }
    }

    /// <summary>Sets the anchors and links each bold id to <paramref name="indexPage"/>.</summary>
    public static void Apply(MarkdownDocument document, string indexPage)
    {
        foreach (var (id, item, label) in Definitions(document).ToList())
        {
            item.GetAttributes().Id = id;
            var link = new LinkInline($"{indexPage}#{id}", "");
            label.ReplaceBy(link);
            link.AppendChild(label);
        }
    }
}
