namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>The browser tests share one Chromium and one utility, and run one after another (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
