namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>The extension tests share one Chromium with the extension loaded, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ExtensionCollection : ICollectionFixture<ExtensionFixture>
{
    public const string Name = "extension";
}
