namespace ComputeUtility.SpecSite.Requirements;

/// <summary>
/// The tests under tests/ that carry <c>[Requirement("CU-…", …)]</c>: the only record of which
/// tests prove requirements a conformance check cannot observe (classes client and browser).
/// </summary>
internal static partial class TestCitations
{
    public static IReadOnlyList<TestCitation> Find(string repoRoot)
    {
        var tests = Path.Combine(repoRoot, "tests");
        if (!Directory.Exists(tests))
        {
            return [];
        }

        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => Parse(File.ReadAllText(f), Path.GetRelativePath(repoRoot, f).Replace('\\', '/')))
            .ToList();
    }

    /// <summary>Each attribute with the first method declared after it.</summary>
    public static IEnumerable<TestCitation> Parse(string source, string file) =>
        Cited().Matches(source).Select(m => new TestCitation(
            m.Groups["name"].Value,
            file,
            Id().Matches(m.Groups["ids"].Value).Select(i => i.Value).ToList()));

    // Lazily up to the next method: the attributes between may hold any text ({port}, "a; b", "[::1]").
    [GeneratedRegex(@"\[Requirement\((?<ids>[^)]*)\)\][\s\S]*?\b(?:void|Task|ValueTask)\s+(?<name>\w+)\s*\(")]
    private static partial Regex Cited();

    [GeneratedRegex(@"CU-[A-Z]+-[0-9]+")]
    private static partial Regex Id();
}
