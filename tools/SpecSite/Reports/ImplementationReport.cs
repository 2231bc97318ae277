namespace ComputeUtility.SpecSite.Reports;

/// <summary>One implementation report of docs/conformance/, as the index lists it.</summary>
/// <param name="Source">The Markdown file, relative to the repository.</param>
/// <param name="Page">Its page in the site.</param>
/// <param name="Name">Its name, from the file name ("Reference implementation report").</param>
/// <param name="Facts">The lines of its summary that say what was tested and how it went.</param>
internal sealed partial record ImplementationReport(string Source, string Page, string Name, IReadOnlyList<string> Facts)
{
    private static readonly string[] Shown = ["Implementation", "Run", "Result"];

    public static IReadOnlyList<ImplementationReport> Find(string repoRoot)
    {
        var folder = Path.Combine(repoRoot, "docs", "conformance");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal).Select(file =>
        {
            var name = Path.GetFileName(file);
            var facts = SummaryLine().Matches(File.ReadAllText(file))
                .Where(m => Shown.Contains(m.Groups[1].Value))
                .Select(m => $"{m.Groups[1].Value}: {m.Groups[2].Value.Replace("**", "", StringComparison.Ordinal).Trim()}")
                .ToList();
            var words = Path.GetFileNameWithoutExtension(name).Replace('-', ' ');
            return new ImplementationReport($"docs/conformance/{name}", SiteMap.ReportPage(name),
                char.ToUpperInvariant(words[0]) + words[1..], facts);
        }).ToList();
    }

    [GeneratedRegex(@"^- ([A-Z][a-z]+): (.+)$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
