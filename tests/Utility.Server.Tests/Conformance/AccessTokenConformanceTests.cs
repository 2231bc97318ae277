namespace ComputeUtility.Server.Tests.Conformance;

/// <summary>A utility that requires access tokens of its caller conforms when the suite holds one, and the suite says what is missing when it does not.</summary>
[Collection(ConformanceCollection.Name)]
public sealed class AccessTokenConformanceTests
{
    private static Dictionary<string, string?> TokensRequired() => new()
    {
        ["Lan:Enabled"] = "true",
        ["Lan:RequireAccessTokenOnLoopback"] = "true",
        ["Lan:AccessTokenFile"] = Path.Combine(Path.GetTempPath(), $"cu-conformance-tokens-{Guid.NewGuid():N}.json"),
    };

    [Fact]
    public async Task A_utility_that_requires_access_tokens_passes_the_core_and_messaging_profiles_with_one()
    {
        var (report, output) = await ConformanceRun.RunAsync(null, ["core", "messaging"], extra: TokensRequired(),
            accessToken: services => services.GetRequiredService<AccessTokenStore>().Create("conformance suite").Secret);

        report.Checks.Where(c => c.Outcome == Outcome.Failed).Select(c => $"{c.Id}: {c.Message}").Should().BeEmpty(output);
        report.Checks.Should().Contain(c => c.Id == "access.gate" && c.Outcome == Outcome.Passed);
        report.Passed.Should().BeTrue();
    }

    [Fact]
    public async Task Without_the_token_the_access_check_fails_and_says_how_to_give_one()
    {
        var (report, output) = await ConformanceRun.RunAsync(null, ["core"], only: ["access."], extra: TokensRequired());

        var check = report.Checks.Single(c => c.Id == "access.gate");
        check.Outcome.Should().Be(Outcome.Failed, output);
        check.Message.Should().Contain("--access-token");
    }
}
