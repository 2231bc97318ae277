using Xunit.Sdk;

namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// The requirement ids (spec/compute-utility.md, spec/user-agent.md) a browser test proves, as the xunit trait
/// <c>Requirement</c> (<c>dotnet test --filter Requirement=CU-UA-4</c>); the spec site's requirement index lists the test
/// under each id. The test's name starts with the first id too.
/// </summary>
[TraitDiscoverer("ComputeUtility.Browser.Tests.Infrastructure.RequirementDiscoverer", "ComputeUtility.Browser.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequirementAttribute(params string[] ids) : Attribute, ITraitAttribute
{
    public IReadOnlyList<string> Ids { get; } = ids;
}
