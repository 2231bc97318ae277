namespace ComputeUtility.SpecSite.Site;

/// <summary>
/// Where each file of the repository that the site publishes ends up in the site, so that links
/// between Markdown files become links between pages.
/// </summary>
internal sealed class SiteMap
{
    public const string Index = "index.html";
    public const string Prose = "compute-utility.html";
    public const string UserAgent = "user-agent.html";
    public const string Explainer = "explainer.html";
    public const string Questionnaire = "security-privacy-questionnaire.html";
    public const string SpecFiles = "spec-files.html";
    public const string Api = "api.html";
    public const string Requirements = "requirements.html";
    public const string Checks = "checks.html";
    public const string Schemas = "schemas/index.html";

    /// <summary>The normative Markdown files, each with its page: the requirements they define are anchored there.</summary>
    public static readonly IReadOnlyList<(string Source, string Page)> Normative =
    [
        ("spec/compute-utility.md", Prose),
        ("spec/user-agent.md", UserAgent),
    ];

    /// <summary>The informative Markdown files of spec/ published as pages of their own.</summary>
    public static readonly IReadOnlyList<(string Source, string Page)> Informative =
    [
        ("spec/explainer.md", Explainer),
        ("spec/security-privacy-questionnaire.md", Questionnaire),
        ("spec/README.md", SpecFiles),
    ];

    private readonly Dictionary<string, string> _bySource = new(StringComparer.Ordinal);

    /// <param name="schemaFiles">File names in spec/schemas/.</param>
    /// <param name="reports">File names in docs/conformance/.</param>
    public SiteMap(IEnumerable<string> schemaFiles, IEnumerable<string> reports)
    {
        foreach (var (source, page) in Normative.Concat(Informative))
        {
            _bySource[source] = page;
        }

        _bySource["spec/openapi.yaml"] = Api;
        _bySource["spec/schemas/"] = Schemas;
        foreach (var file in schemaFiles)
        {
            _bySource[$"spec/schemas/{file}"] = $"schemas/{file}";
        }

        foreach (var report in reports)
        {
            _bySource[$"docs/conformance/{report}"] = ReportPage(report);
        }
    }

    public static string ReportPage(string reportFile) => $"reports/{Path.GetFileNameWithoutExtension(reportFile)}.html";

    /// <summary>The site path of a repository path (folders end with '/'), or null when the site does not publish it.</summary>
    public string? PageOf(string repoPath) => _bySource.GetValueOrDefault(repoPath);

    /// <summary>A link from one site page to another site path.</summary>
    public static string Link(string fromPage, string toPath)
    {
        var fromDir = Path.GetDirectoryName(fromPage) ?? "";
        var relative = Path.GetRelativePath(string.IsNullOrEmpty(fromDir) ? "." : fromDir, toPath).Replace('\\', '/');
        return toPath.EndsWith('/') && !relative.EndsWith('/') ? relative + "/" : relative;
    }

    /// <summary>The prefix that leads from a page back to the site's root ("" or "../").</summary>
    public static string ToRoot(string page) => string.Concat(Enumerable.Repeat("../", page.Count(c => c == '/')));
}
