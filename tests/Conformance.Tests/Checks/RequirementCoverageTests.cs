using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Conformance.Tests.Checks;

/// <summary>The suite and the spec stay in step: every MUST has a check, every check cites real requirements.</summary>
public sealed class RequirementCoverageTests
{
    private static readonly RequirementCatalog Requirements = RequirementCatalog.Load();

    [Fact]
    public void Every_must_of_a_utility_class_has_a_check_that_cites_it()
    {
        var cited = CheckCatalog.All.SelectMany(c => c.Requirements).ToHashSet();

        // Requirements of class 'client' bind clients, which a utility suite cannot observe; those of class
        // 'registration' happen between the utility and its operator's DNS server (spec 1.2 says the suite does not check them).
        var uncovered = string.Join(", ", Requirements.All
            .Where(r => r.Level == RequirementLevel.Must && r.Class is not ("client" or "registration") && !cited.Contains(r.Id))
            .Select(r => r.Id));

        uncovered.Should().BeEmpty();
    }

    [Fact]
    public void Every_requirement_a_check_cites_exists()
    {
        var unknown = CheckCatalog.All.SelectMany(c => c.Requirements.Where(r => !Requirements.Contains(r)).Select(r => $"{c.Id}: {r}"));

        unknown.Should().BeEmpty();
    }

    [Fact]
    public void Check_ids_are_unique_and_profiles_are_conformance_classes()
    {
        CheckCatalog.All.Select(c => c.Id).Should().OnlyHaveUniqueItems();
        CheckCatalog.All.Select(c => c.Profile).Distinct().Should().BeSubsetOf(SuiteSettings.AllProfiles);
    }

    [Fact]
    public void The_embedded_spec_has_the_requirements_the_repository_has()
    {
        var repository = RequirementCatalog.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "spec", "compute-utility.md")));

        Requirements.All.Select(r => r.Id).Should().BeEquivalentTo(repository.All.Select(r => r.Id));
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComputeUtility.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
