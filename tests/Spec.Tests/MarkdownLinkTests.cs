using ComputeUtility.SpecSite.Prose;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ComputeUtility.Spec.Tests;

/// <summary>Links between the repository's Markdown files lead somewhere: the file exists, and so does the heading or requirement a #fragment names.</summary>
public sealed class MarkdownLinkTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        var files = Directory.GetFiles(Repo.Spec(""), "*.md")
            .Concat([Repo.PathOf("README.md"), Repo.PathOf("CONTRIBUTING.md")])
            .Concat(Directory.GetFiles(Repo.PathOf("docs"), "*.md", SearchOption.AllDirectories));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Repo.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_link_into_the_repository_resolves_to_a_file_and_anchor(string document)
    {
        var links = Links(document).ToList();

        var broken = links.Select(link => (link, problem: Problem(document, link))).Where(l => l.problem is not null)
            .Select(l => $"{l.link}: {l.problem}");

        broken.Should().BeEmpty();
    }

    [Fact]
    public void A_link_to_a_missing_heading_is_found()
    {
        Problem("spec/README.md", "compute-utility.md#no-such-section").Should().Contain("no-such-section");
        Problem("spec/README.md", "compute-utility.md#CU-WRK-8").Should().BeNull();
        Problem("spec/README.md", "compute-utility.md#1-conformance").Should().BeNull();
        Problem("spec/README.md", "no-such-file.md").Should().Contain("no-such-file.md");
    }

    private static IEnumerable<string> Links(string document) =>
        SpecMarkdown.Parse(File.ReadAllText(Repo.PathOf(document))).Descendants<LinkInline>()
            .Select(l => l.Url)
            .OfType<string>()
            .Where(url => url.Length > 0 && !LinkRewriter.IsExternal(url));

    /// <summary>Why a relative link of <paramref name="document"/> does not resolve, or null when it does.</summary>
    private static string? Problem(string document, string link)
    {
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? link : link[..hash];
        var fragment = hash < 0 ? null : Uri.UnescapeDataString(link[(hash + 1)..]);
        var target = path.Length == 0
            ? Repo.PathOf(document)
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Repo.PathOf(document))!, Uri.UnescapeDataString(path)));
        if (!target.StartsWith(Repo.Root, StringComparison.Ordinal))
        {
            return "points outside the repository";
        }

        if (!File.Exists(target) && !Directory.Exists(target))
        {
            return $"{Path.GetRelativePath(Repo.Root, target)} does not exist";
        }

        if (fragment is null)
        {
            return null;
        }

        if (!target.EndsWith(".md", StringComparison.Ordinal))
        {
            return $"#{fragment} points into {Path.GetFileName(target)}, which is not Markdown";
        }

        return MarkdownAnchors.Of(File.ReadAllText(target)).Contains(fragment) ? null : $"{Path.GetFileName(target)} has no heading or requirement #{fragment}";
    }
}
