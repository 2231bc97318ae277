namespace ComputeUtility.Conformance.Checks;

/// <summary>How one check ended.</summary>
public enum Outcome
{
    Passed,
    Failed,

    /// <summary>The target does not offer what the check needs (a feature, a setting); not a failure.</summary>
    NotApplicable,
}
