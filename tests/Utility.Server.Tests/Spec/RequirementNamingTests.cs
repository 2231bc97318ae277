namespace ComputeUtility.Server.Tests.Spec;

/// <summary>
/// Tests that prove a requirement say which: every test of the Security and RateLimits folders carries
/// <see cref="RequirementAttribute"/>, every id it names exists in compute-utility.md, and its name starts with the first id.
/// </summary>
public sealed partial class RequirementNamingTests
{
    private static readonly string[] Folders = ["ComputeUtility.Server.Tests.Security", "ComputeUtility.Server.Tests.RateLimits"];

    [GeneratedRegex(@"^- \*\*(CU-[A-Z]+-[0-9]+)\*\*", RegexOptions.Multiline)]
    private static partial Regex Requirement();

    private static readonly HashSet<string> Defined =
        Requirement().Matches(File.ReadAllText(Repo.Spec("compute-utility.md"))).Select(m => m.Groups[1].Value).ToHashSet();

    private static IEnumerable<MethodInfo> Tests() => typeof(RequirementNamingTests).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => m.GetCustomAttributes<FactAttribute>().Any());

    [Fact]
    public void Every_test_in_the_security_and_rate_limit_folders_names_the_requirement_it_proves()
    {
        var unnamed = Tests().Where(m => Folders.Contains(m.DeclaringType!.Namespace) && m.GetCustomAttribute<RequirementAttribute>() is null)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");

        unnamed.Should().BeEmpty();
    }

    [Fact]
    public void Every_requirement_a_test_names_exists_in_the_spec_and_starts_the_tests_name()
    {
        var named = Tests().Select(m => (Method: m, Ids: m.GetCustomAttribute<RequirementAttribute>()?.Ids)).Where(t => t.Ids is not null).ToList();

        var unknown = named.SelectMany(t => t.Ids!.Where(id => !Defined.Contains(id)).Select(id => $"{t.Method.Name}: {id}"));
        var misnamed = named.Where(t => t.Ids!.Count == 0 || !t.Method.Name.StartsWith(t.Ids[0].Replace('-', '_') + "_", StringComparison.Ordinal))
            .Select(t => t.Method.Name);

        named.Should().HaveCountGreaterThan(20);
        unknown.Should().BeEmpty();
        misnamed.Should().BeEmpty();
    }
}
