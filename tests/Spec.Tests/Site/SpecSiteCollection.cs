namespace ComputeUtility.Spec.Tests.Site;

/// <summary>The tests that read the built site share one build.</summary>
[CollectionDefinition(Name)]
public sealed class SpecSiteCollection : ICollectionFixture<BuiltSite>
{
    public const string Name = "spec site";
}
