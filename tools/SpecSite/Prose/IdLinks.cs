namespace ComputeUtility.SpecSite.Prose;

/// <summary>
/// Turns requirement and check ids in running text (tables included) into links; text inside
/// links, code and headings stays as it is.
/// </summary>
internal static class IdLinks
{
    /// <param name="document">The parsed page, changed in place.</param>
    /// <param name="hrefOf">Where an id links to, or null to leave it as text (an unknown id).</param>
    public static void Apply(MarkdownDocument document, Func<string, string?> hrefOf)
    {
        foreach (var literal in document.Descendants<LiteralInline>().Where(IsRunningText).ToList())
        {
            var text = literal.Content.ToString();
            var matches = RequirementIds.Token().Matches(text).Where(m => hrefOf(m.Value) is not null).ToList();
            if (matches.Count == 0)
            {
                continue;
            }

            var at = 0;
            foreach (var match in matches)
            {
                if (match.Index > at)
                {
                    literal.InsertBefore(new LiteralInline(text[at..match.Index]));
                }

                var link = new LinkInline(hrefOf(match.Value)!, "");
                link.AppendChild(new LiteralInline(match.Value));
                literal.InsertBefore(link);
                at = match.Index + match.Length;
            }

            if (at < text.Length)
            {
                literal.InsertBefore(new LiteralInline(text[at..]));
            }

            literal.Remove();
        }
    }

    private static bool IsRunningText(Inline inline)
    {
        for (var parent = inline.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is LinkInline)
            {
                return false;
            }

            if (parent.Parent is null && parent.ParentBlock is HeadingBlock)
            {
                return false;
            }
        }

        return true;
    }
}
