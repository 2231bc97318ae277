using Xunit.Abstractions;
using Xunit.Sdk;

namespace ComputeUtility.TestSupport;

/// <summary>Turns <see cref="RequirementAttribute"/> into one <c>Requirement</c> trait per id.</summary>
public sealed class RequirementDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) =>
        traitAttribute.GetConstructorArguments().OfType<string[]>().SelectMany(ids => ids)
            .Select(id => new KeyValuePair<string, string>("Requirement", id));
}
