namespace ComputeUtility.Conformance.Checks;

/// <summary>How one check ended.</summary>
public enum Outcome
{
    Passed,
    Failed,

    /// <summary>The target does not offer what the check needs (a setting, a limit in range); not a failure.</summary>
    NotApplicable,

    /// <summary>The check belongs to an optional class the target does not declare in <c>features</c> (section 1.2); not a failure.</summary>
    NotImplemented,

    /// <summary>The suite could not check it without help the run was not given (an operator's hook); not a failure, and not a pass.</summary>
    NotTested,
}
