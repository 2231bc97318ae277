using Xunit.Sdk;

namespace ComputeUtility.Discovery.Tests.Infrastructure;

/// <summary>
/// The requirement ids of spec/compute-utility.md a test proves, as the xunit trait <c>Requirement</c>
/// (<c>dotnet test --filter Requirement=CU-DISC-20</c>). The test's name starts with the first id too.
/// </summary>
[TraitDiscoverer("ComputeUtility.Discovery.Tests.Infrastructure.RequirementDiscoverer", "ComputeUtility.Discovery.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequirementAttribute(params string[] ids) : Attribute, ITraitAttribute
{
    public IReadOnlyList<string> Ids { get; } = ids;
}
