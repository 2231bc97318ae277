using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Conformance.Running;

/// <summary>A requirement's result: failed if any check citing it failed, passed if any passed, else not applicable.</summary>
public sealed record RequirementResult(Requirement Requirement, Outcome? Outcome, IReadOnlyList<CheckResult> Checks)
{
    public string Status => Outcome switch
    {
        ComputeUtility.Conformance.Checks.Outcome.Passed => "pass",
        ComputeUtility.Conformance.Checks.Outcome.Failed => "fail",
        ComputeUtility.Conformance.Checks.Outcome.NotApplicable => "not-applicable",
        _ => "not-tested",
    };
}
