using System.Text.RegularExpressions;
using ComputeUtility.Spec.Tests.Infrastructure;

namespace ComputeUtility.Spec.Tests;

/// <summary>Requirement ids are well formed and unique, and every id the spec cites exists.</summary>
public sealed partial class RequirementTests
{
    private static readonly string Prose = File.ReadAllText(Repo.Spec("compute-utility.md"));

    [GeneratedRegex(@"^- \*\*(CU-[A-Z]+-[0-9]+)\*\* \[([a-z]+)\] (.*)$", RegexOptions.Multiline)]
    private static partial Regex Requirement();

    [GeneratedRegex(@"\bCU-[A-Z]+-[0-9]+\b")]
    private static partial Regex Citation();

    [GeneratedRegex(@"\b(MUST NOT|MUST|SHOULD NOT|SHOULD|MAY)\b")]
    private static partial Regex Keyword();

    private static readonly string[] Classes = ["core", "messaging", "tasks", "estimates", "snapshots", "discovery", "client"];

    [Fact]
    public void Requirement_ids_are_unique()
    {
        var ids = Requirement().Matches(Prose).Select(m => m.Groups[1].Value).ToList();

        ids.Should().HaveCountGreaterThan(50);
        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Every_list_item_that_starts_with_a_requirement_id_is_a_well_formed_definition()
    {
        var items = Prose.Split('\n').Where(line => line.StartsWith("- **CU-", StringComparison.Ordinal)).ToList();

        items.Should().HaveCountGreaterThan(50);
        items.Where(line => !Requirement().IsMatch(line)).Should().BeEmpty("a definition reads `- **CU-AREA-N** [class] Statement`");
    }

    [Fact]
    public void Each_requirement_names_a_conformance_class_and_exactly_one_keyword()
    {
        foreach (Match match in Requirement().Matches(Prose))
        {
            Classes.Should().Contain(match.Groups[2].Value, match.Groups[1].Value);
            Keyword().Matches(match.Groups[3].Value).Select(k => k.Value).Distinct()
                .Should().HaveCount(1, $"{match.Groups[1].Value} must use one RFC 2119 keyword");
        }
    }

    [Fact]
    public void Every_cited_requirement_id_exists()
    {
        var defined = Requirement().Matches(Prose).Select(m => m.Groups[1].Value).ToHashSet();
        var elsewhere = Directory.GetFiles(Repo.Spec("schemas"), "*.schema.json")
            .Concat([Repo.Spec("openapi.yaml"), Repo.Spec("README.md"), Repo.PathOf("README.md"), Repo.PathOf("CONTRIBUTING.md")])
            .Concat(Directory.GetFiles(Repo.PathOf("docs"), "*.md", SearchOption.AllDirectories))
            .Select(File.ReadAllText);

        var cited = Citation().Matches(string.Join("\n", elsewhere.Prepend(Prose))).Select(m => m.Value).Distinct();

        cited.Where(id => !defined.Contains(id)).Should().BeEmpty();
    }
}
