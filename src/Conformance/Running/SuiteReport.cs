using System.Text.Json;
using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Conformance.Running;

/// <summary>Everything a run found: per check, per requirement, and the target's descriptor.</summary>
public sealed class SuiteReport
{
    public required Uri Target { get; init; }

    public required IReadOnlyList<string> Profiles { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required TimeSpan Duration { get; init; }

    public required JsonElement? Descriptor { get; init; }

    public required IReadOnlyList<CheckResult> Checks { get; init; }

    public required RequirementCatalog Requirements { get; init; }

    /// <summary>A failure before any check could run (the target unreachable, the origin refused by policy).</summary>
    public string? SetupError { get; init; }

    /// <summary>True when every required check of the chosen profiles passed, did not apply, was not implemented or not tested.</summary>
    public bool Passed => SetupError is null && !Checks.Any(c => c.Required && c.Outcome == Outcome.Failed);

    public int Count(Outcome outcome) => Checks.Count(c => c.Outcome == outcome);

    /// <summary>Per requirement of the chosen profiles, in spec order.</summary>
    public IReadOnlyList<RequirementResult> ByRequirement()
    {
        var cited = Checks.SelectMany(c => c.Requirements.Select(r => (r, c))).ToLookup(x => x.r, x => x.c);
        return Requirements.All
            .Where(r => Profiles.Contains(r.Class) || cited.Contains(r.Id))
            .OrderBy(r => r.Id.Split('-')[1], StringComparer.Ordinal).ThenBy(r => int.Parse(r.Id.Split('-')[2], System.Globalization.CultureInfo.InvariantCulture))
            .Select(r =>
            {
                var checks = cited[r.Id].ToList();
                Outcome? outcome = checks.Count == 0 ? null
                    : checks.Any(c => c.Outcome == Outcome.Failed) ? Outcome.Failed
                    : checks.Any(c => c.Outcome == Outcome.Passed) ? Outcome.Passed
                    : checks.Any(c => c.Outcome == Outcome.NotTested) ? null
                    : checks.All(c => c.Outcome == Outcome.NotImplemented) ? Outcome.NotImplemented
                    : Outcome.NotApplicable;
                return new RequirementResult(r, outcome, checks);
            })
            .ToList();
    }
}
