namespace ComputeUtility.Conformance.Spec;

/// <summary>A numbered requirement of spec/compute-utility.md.</summary>
public sealed record Requirement(string Id, string Class, RequirementLevel Level, string Text);
