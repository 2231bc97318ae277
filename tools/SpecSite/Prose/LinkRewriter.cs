namespace ComputeUtility.SpecSite.Prose;

/// <summary>
/// Rewrites the links of a Markdown file that point into the repository to the pages the site
/// makes of their targets; a link to a file the site does not publish keeps its text only.
/// </summary>
internal sealed class LinkRewriter(string repoRoot, SiteMap map)
{
    /// <returns>The links that lead to files the site does not publish (as written in the source).</returns>
    public IReadOnlyList<string> Apply(MarkdownDocument document, string source, string page)
    {
        var dropped = new List<string>();
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (link.Url is not { Length: > 0 } url || IsExternal(url) || url.StartsWith('#'))
            {
                continue;
            }

            var hash = url.IndexOf('#', StringComparison.Ordinal);
            var path = hash < 0 ? url : url[..hash];
            var fragment = hash < 0 ? "" : url[hash..];
            var target = RepoPath(source, path);
            if (target is not null && map.PageOf(target) is { } published)
            {
                link.Url = SiteMap.Link(page, published) + fragment;
                continue;
            }

            dropped.Add(url);
            foreach (var child in link.ToList())
            {
                child.Remove();
                link.InsertBefore(child);
            }

            link.Remove();
        }

        return dropped;
    }

    public static bool IsExternal(string url) =>
        url.StartsWith("//", StringComparison.Ordinal) || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1);

    /// <summary>The repository path (forward slashes, folders ending with '/') a relative link of <paramref name="source"/> names, or null outside the repository.</summary>
    public string? RepoPath(string source, string path)
    {
        var sourceDir = Path.GetDirectoryName(Path.Combine(repoRoot, source))!;
        var full = Path.GetFullPath(Path.Combine(sourceDir, Uri.UnescapeDataString(path)));
        var root = Path.GetFullPath(repoRoot).TrimEnd('/') + "/";
        if (!full.StartsWith(root, StringComparison.Ordinal) && full + "/" != root)
        {
            return null;
        }

        var relative = full.Length >= root.Length ? full[root.Length..] : "";
        return Directory.Exists(full) ? relative.TrimEnd('/') + "/" : relative;
    }
}
