using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Spec.Tests;

/// <summary>The problem type registry is written twice, in the prose (14.1) and in openapi.yaml (x-problem-types): both say the same.</summary>
public sealed partial class ProblemRegistryTests
{
    [GeneratedRegex(@"^\| `([a-z-]+)` \| ([0-9]{3}) \| ([^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex ProseEntry();

    [Fact]
    public void The_prose_and_openapi_list_the_same_problem_types_with_the_same_status_and_title()
    {
        var prose = File.ReadAllText(Repo.Spec("compute-utility.md"));
        var registry = prose[prose.IndexOf("### 14.1 Problem type registry", StringComparison.Ordinal)..];
        var inProse = ProseEntry().Matches(registry)
            .Select(m => $"urn:compute-utility:problem:{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value.Trim()}")
            .ToList();
        var inOpenApi = YamlJson.Load(Repo.Spec("openapi.yaml"))["x-problem-types"]!.AsArray()
            .Select(p => $"{p!["uri"]!.GetValue<string>()} {p["status"]!.GetValue<long>()} {p["title"]!.GetValue<string>()}")
            .ToList();

        inProse.Should().HaveCountGreaterThan(10).And.OnlyHaveUniqueItems();
        inOpenApi.Should().BeEquivalentTo(inProse);
    }

    [Fact]
    public void Every_problem_type_has_the_uri_its_name_gives()
    {
        foreach (var problem in YamlJson.Load(Repo.Spec("openapi.yaml"))["x-problem-types"]!.AsArray())
        {
            problem!["uri"]!.GetValue<string>().Should().Be("urn:compute-utility:problem:" + problem["name"]!.GetValue<string>());
        }
    }
}
