namespace ComputeUtility.SpecSite.Requirements;

/// <summary>A test of the repository that cites a requirement with <c>[Requirement("CU-…")]</c>.</summary>
/// <param name="Name">The test method's name (a sentence).</param>
/// <param name="File">Its file, relative to the repository.</param>
/// <param name="Requirements">The ids it cites.</param>
internal sealed record TestCitation(string Name, string File, IReadOnlyList<string> Requirements);
