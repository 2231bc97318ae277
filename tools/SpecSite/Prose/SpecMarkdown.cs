using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers;

namespace ComputeUtility.SpecSite.Prose;

/// <summary>
/// The Markdown dialect of the repository: GitHub's (pipe tables, heading anchors as GitHub makes
/// them), so that a link that works on the forge works on the site and the other way round.
/// </summary>
internal static class SpecMarkdown
{
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    public static MarkdownDocument Parse(string markdown) => Markdown.Parse(markdown, Pipeline);

    public static string ToHtml(MarkdownDocument document)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>The plain text of the first heading, or null.</summary>
    public static string? Title(MarkdownDocument document) =>
        document.Descendants<HeadingBlock>().FirstOrDefault() is { Inline: { } inline }
            ? string.Concat(inline.Descendants<Markdig.Syntax.Inlines.LiteralInline>().Select(l => l.Content.ToString()))
            : null;
}
