namespace ComputeUtility.SpecSite.Requirements;

/// <summary>What the site shows of one conformance check.</summary>
internal sealed record CheckSummary(string Id, string Title, string Profile, IReadOnlyList<string> Requirements);
