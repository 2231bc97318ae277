namespace ComputeUtility.SpecSite.Prose;

/// <summary>The shape of a requirement id (<c>CU-WRK-8</c>) and of a conformance check id (<c>workers.create</c>).</summary>
internal static partial class RequirementIds
{
    public static bool IsId(string text) => Requirement().IsMatch(text);

    /// <summary>Requirement ids and dotted check ids in running text.</summary>
    [GeneratedRegex(@"\bCU-[A-Z]+-[0-9]+\b|\b[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+\b")]
    public static partial Regex Token();

    [GeneratedRegex(@"^CU-[A-Z]+-[0-9]+$")]
    private static partial Regex Requirement();
}
