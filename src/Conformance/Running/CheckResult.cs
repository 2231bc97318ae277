using ComputeUtility.Conformance.Checks;

namespace ComputeUtility.Conformance.Running;

/// <summary>How one check went.</summary>
public sealed record CheckResult(string Id, string Title, string Profile, IReadOnlyList<string> Requirements, Outcome Outcome,
    string? Message, TimeSpan Duration, bool Required);
