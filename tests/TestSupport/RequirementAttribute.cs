using Xunit.Sdk;

namespace ComputeUtility.TestSupport;

/// <summary>
/// The requirement ids (spec/compute-utility.md, spec/user-agent.md) a test proves, as the xunit trait <c>Requirement</c>
/// (<c>dotnet test --filter Requirement=CU-ORIG-3</c>); the spec site's requirement index lists the test under each id.
/// The test's name starts with the first id too. One attribute for every test project.
/// </summary>
[TraitDiscoverer("ComputeUtility.TestSupport.RequirementDiscoverer", "ComputeUtility.TestSupport")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequirementAttribute(params string[] ids) : Attribute, ITraitAttribute
{
    public IReadOnlyList<string> Ids { get; } = ids;
}
