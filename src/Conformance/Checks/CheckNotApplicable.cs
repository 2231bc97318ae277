namespace ComputeUtility.Conformance.Checks;

/// <summary>The check cannot apply to this target (an optional feature it does not offer, a setting it has).</summary>
internal sealed class CheckNotApplicable(string reason) : Exception(reason);
