using ComputeUtility.SpecSite.Requirements;

namespace ComputeUtility.Spec.Tests.Site;

/// <summary>The requirement index's Tests column: which tests of the repository cite which requirement.</summary>
public sealed class TestCitationsTests
{
    [Fact]
    public void A_requirement_attribute_is_read_with_the_test_method_after_it_and_every_id_it_names()
    {
        // Spelled so that this file cites nothing itself.
        const string attribute = "[Requirement";
        const string source = $$"""
            public sealed class Sample
            {
                [Fact]
                {{attribute}}("CU-UA-3")]
                public async Task CU_UA_3_a_page_cannot_name_a_utility() { }

                [Theory]
                {{attribute}}("CU-DISC-11", "CU-DISC-19")]
                [InlineData("x")]
                public void CU_DISC_11_an_unknown_major_version_is_not_used(string value) { }

                [Fact]
                public void Not_linked() { }
            }
            """;

        TestCitations.Parse(source, "tests/X/Sample.cs").Should().BeEquivalentTo(
        [
            new TestCitation("CU_UA_3_a_page_cannot_name_a_utility", "tests/X/Sample.cs", ["CU-UA-3"]),
            new TestCitation("CU_DISC_11_an_unknown_major_version_is_not_used", "tests/X/Sample.cs", ["CU-DISC-11", "CU-DISC-19"]),
        ]);
    }

    [Fact]
    public void Every_requirement_attribute_in_the_repositorys_tests_is_found()
    {
        var separator = Path.DirectorySeparatorChar;
        var attributes = Directory.EnumerateFiles(Repo.PathOf("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .Sum(f => Regex.Matches(File.ReadAllText(f), @"^\s*\[Requirement\(""CU-", RegexOptions.Multiline).Count);

        var found = TestCitations.Find(Repo.Root);

        attributes.Should().BePositive();
        found.Should().HaveCount(attributes);
    }
}
