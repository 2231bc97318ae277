using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.SpecSite.Requirements;

/// <summary>
/// The requirements of the prose standard (read from the file being published) and the checks
/// of the conformance suite (from its own catalogue), with which checks cite which requirement.
/// </summary>
internal sealed class SpecCatalogue
{
    private readonly HashSet<string> _requirementIds;
    private readonly HashSet<string> _checkIds;
    private readonly ILookup<string, CheckSummary> _citing;

    public SpecCatalogue(IReadOnlyList<Requirement> requirements, IReadOnlyList<CheckSummary> checks)
    {
        Requirements = requirements;
        Checks = checks;
        _requirementIds = requirements.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        _checkIds = checks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        _citing = checks.SelectMany(c => c.Requirements.Select(r => (Requirement: r, Check: c))).ToLookup(p => p.Requirement, p => p.Check, StringComparer.Ordinal);
    }

    public IReadOnlyList<Requirement> Requirements { get; }

    public IReadOnlyList<CheckSummary> Checks { get; }

    /// <summary>The catalogue of a repository: its spec/compute-utility.md and the suite's checks.</summary>
    public static SpecCatalogue Load(string repoRoot)
    {
        var prose = File.ReadAllText(Path.Combine(repoRoot, "spec", "compute-utility.md"));
        return new SpecCatalogue(
            RequirementCatalog.Parse(prose).All.ToList(),
            CheckCatalog.All.Select(c => new CheckSummary(c.Id, c.Title, c.Profile, c.Requirements)).ToList());
    }

    public bool HasRequirement(string id) => _requirementIds.Contains(id);

    public bool HasCheck(string id) => _checkIds.Contains(id);

    public IEnumerable<CheckSummary> ChecksCiting(string requirementId) => _citing[requirementId];
}
