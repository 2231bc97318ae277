namespace ComputeUtility.Conformance.Checks;

/// <summary>Thrown when a check needs something from the operator that this run was not given.</summary>
internal sealed class CheckNotTested(string message) : Exception(message);
