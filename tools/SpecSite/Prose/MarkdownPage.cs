namespace ComputeUtility.SpecSite.Prose;

/// <summary>One Markdown file of the repository rendered as the body of a site page.</summary>
/// <param name="Title">The text of its first heading.</param>
/// <param name="Html">The body.</param>
/// <param name="Dropped">Links to files the site does not publish (their text is kept).</param>
internal sealed record MarkdownPage(string Title, string Html, IReadOnlyList<string> Dropped)
{
    /// <param name="repoRoot">The repository.</param>
    /// <param name="source">The Markdown file, relative to the repository.</param>
    /// <param name="page">The page it becomes, relative to the site.</param>
    /// <param name="map">Where the site publishes what.</param>
    /// <param name="catalogue">Requirement and check ids, to link them where they are named.</param>
    public static MarkdownPage Render(string repoRoot, string source, string page, SiteMap map, SpecCatalogue catalogue)
    {
        var document = SpecMarkdown.Parse(File.ReadAllText(Path.Combine(repoRoot, source)));
        var title = SpecMarkdown.Title(document) ?? Path.GetFileNameWithoutExtension(source);
        var dropped = new LinkRewriter(repoRoot, map).Apply(document, source, page);
        if (SiteMap.Normative.Any(n => n.Page == page))
        {
            RequirementAnchors.Apply(document, SiteMap.Link(page, SiteMap.Requirements));
        }

        IdLinks.Apply(document, id =>
            catalogue.HasRequirement(id) ? (catalogue.PageOf(id) == page ? "" : SiteMap.Link(page, catalogue.PageOf(id))) + "#" + id
            : catalogue.HasCheck(id) ? SiteMap.Link(page, SiteMap.Checks) + "#" + id
            : null);
        return new MarkdownPage(title, SpecMarkdown.ToHtml(document), dropped);
    }
}
