namespace ComputeUtility.Spec.Tests;

/// <summary>Requirement ids are well formed and unique across the normative files, and every id the spec cites exists.</summary>
public sealed partial class RequirementTests
{
    /// <summary>The files that define requirements: the standard and the user agent's part.</summary>
    private static readonly string[] Normative = ["compute-utility.md", "user-agent.md"];

    private static readonly string Prose = string.Join("\n", Normative.Select(f => File.ReadAllText(Repo.Spec(f))));

    [GeneratedRegex(@"^- \*\*(CU-[A-Z]+-[0-9]+)\*\* \[([a-z]+)\] (.*)$", RegexOptions.Multiline)]
    private static partial Regex Requirement();

    [GeneratedRegex(@"\bCU-[A-Z]+-[0-9]+\b")]
    private static partial Regex Citation();

    [GeneratedRegex(@"\b(MUST NOT|MUST|SHOULD NOT|SHOULD|MAY)\b")]
    private static partial Regex Keyword();

    private static readonly string[] Classes = ["core", "messaging", "tasks", "estimates", "snapshots", "discovery", "registration", "client", "browser"];

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
    public void The_user_agent_part_defines_only_ids_of_its_own_area_and_class()
    {
        var userAgent = Requirement().Matches(File.ReadAllText(Repo.Spec("user-agent.md"))).ToList();
        var standard = Requirement().Matches(File.ReadAllText(Repo.Spec("compute-utility.md")));

        userAgent.Should().NotBeEmpty();
        userAgent.Where(m => !m.Groups[1].Value.StartsWith("CU-UA-", StringComparison.Ordinal) || m.Groups[2].Value != "browser")
            .Select(m => m.Groups[1].Value).Should().BeEmpty("user-agent.md defines the UA area, class browser");
        standard.Where(m => m.Groups[1].Value.StartsWith("CU-UA-", StringComparison.Ordinal) || m.Groups[2].Value == "browser")
            .Select(m => m.Groups[1].Value).Should().BeEmpty("the UA area and class browser belong to user-agent.md");
    }

    [Fact]
    public void Every_cited_requirement_id_exists()
    {
        var defined = Requirement().Matches(Prose).Select(m => m.Groups[1].Value).ToHashSet();
        var elsewhere = Directory.GetFiles(Repo.Spec("schemas"), "*.schema.json")
            .Concat([Repo.Spec("openapi.yaml"), Repo.Spec("README.md"), Repo.Spec("explainer.md"), Repo.Spec("security-privacy-questionnaire.md"), Repo.PathOf("README.md"), Repo.PathOf("CONTRIBUTING.md")])
            .Concat(Directory.GetFiles(Repo.PathOf("docs"), "*.md", SearchOption.AllDirectories))
            .Select(File.ReadAllText);

        var cited = Citation().Matches(string.Join("\n", elsewhere.Prepend(Prose))).Select(m => m.Value).Distinct();

        cited.Where(id => !defined.Contains(id)).Should().BeEmpty();
    }
}
