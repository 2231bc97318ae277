using ComputeUtility.Conformance.Checks;

namespace ComputeUtility.SpecSite.Requirements;

/// <summary>
/// The requirements of the normative files (read from the files being published), the page each
/// is defined on, and the checks of the conformance suite (from its own catalogue), with which
/// checks cite which requirement.
/// </summary>
internal sealed class SpecCatalogue
{
    private readonly HashSet<string> _requirementIds;
    private readonly HashSet<string> _checkIds;
    private readonly ILookup<string, CheckSummary> _citing;
    private readonly IReadOnlyDictionary<string, string> _pages;
    private readonly ILookup<string, TestCitation> _tests;

    /// <param name="requirements">Every requirement, in the order the files define them.</param>
    /// <param name="checks">The conformance suite's checks.</param>
    /// <param name="pages">The site page that defines each requirement; an id not listed is in the prose standard.</param>
    /// <param name="tests">The repository's tests that cite requirements.</param>
    public SpecCatalogue(IReadOnlyList<Requirement> requirements, IReadOnlyList<CheckSummary> checks,
        IReadOnlyDictionary<string, string>? pages = null, IReadOnlyList<TestCitation>? tests = null)
    {
        Requirements = requirements;
        Checks = checks;
        _pages = pages ?? new Dictionary<string, string>();
        _checkIds = checks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        _citing = checks.SelectMany(c => c.Requirements.Select(r => (Requirement: r, Check: c))).ToLookup(p => p.Requirement, p => p.Check, StringComparer.Ordinal);
        _tests = (tests ?? []).SelectMany(t => t.Requirements.Distinct().Select(r => (Requirement: r, Test: t))).ToLookup(p => p.Requirement, p => p.Test, StringComparer.Ordinal);
        _requirementIds = requirements.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<Requirement> Requirements { get; }

    public IReadOnlyList<CheckSummary> Checks { get; }

    /// <summary>The catalogue of a repository: the requirements of its normative files, the suite's checks, and the tests that cite requirements.</summary>
    public static SpecCatalogue Load(string repoRoot)
    {
        var requirements = new List<Requirement>();
        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (source, page) in SiteMap.Normative)
        {
            foreach (var requirement in RequirementCatalog.Parse(File.ReadAllText(Path.Combine(repoRoot, source))).All)
            {
                requirements.Add(requirement);
                pages[requirement.Id] = page;
            }
        }

        return new SpecCatalogue(
            requirements,
            CheckCatalog.All.Select(c => new CheckSummary(c.Id, c.Title, c.Profile, c.Requirements)).ToList(),
            pages,
            TestCitations.Find(repoRoot));
    }

    public bool HasRequirement(string id) => _requirementIds.Contains(id);

    public bool HasCheck(string id) => _checkIds.Contains(id);

    /// <summary>The site page that defines a requirement (its anchor is the id).</summary>
    public string PageOf(string requirementId) => _pages.GetValueOrDefault(requirementId, SiteMap.Prose);

    public IEnumerable<CheckSummary> ChecksCiting(string requirementId) => _citing[requirementId];

    /// <summary>The tests that carry <c>[Requirement(…)]</c> with this id.</summary>
    public IEnumerable<TestCitation> TestsCiting(string requirementId) => _tests[requirementId];
}
