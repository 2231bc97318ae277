namespace ComputeUtility.Conformance.Checks;

/// <summary>The target did not do what the spec requires.</summary>
internal sealed class CheckFailed(string message) : Exception(message);
