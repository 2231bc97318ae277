using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Conformance.Running;

/// <summary>
/// A requirement's result: failed if any check citing it failed, passed if any passed, else not implemented (its class
/// undeclared), not applicable, or not tested.
/// </summary>
public sealed record RequirementResult(Requirement Requirement, Outcome? Outcome, IReadOnlyList<CheckResult> Checks)
{
    public string Status => Outcome switch
    {
        ComputeUtility.Conformance.Checks.Outcome.Passed => "pass",
        ComputeUtility.Conformance.Checks.Outcome.Failed => "fail",
        ComputeUtility.Conformance.Checks.Outcome.NotApplicable => "not-applicable",
        ComputeUtility.Conformance.Checks.Outcome.NotImplemented => "not-implemented",
        _ => "not-tested",
    };
}
