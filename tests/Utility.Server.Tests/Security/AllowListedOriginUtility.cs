namespace ComputeUtility.Server.Tests.Security;

/// <summary>
/// The utility as shipped for internal hosts (private hosts refused) with one loopback test origin allow-listed by
/// name: that origin is reachable, every other internal host is refused before a connection.
/// </summary>
internal sealed class AllowListedOriginUtility : IAsyncLifetime
{
    public TestOrigin Origin { get; private set; } = null!;

    public UtilityFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Origin = await TestOrigin.StartAsync();
        Factory = new UtilityFactory(new Dictionary<string, string?>
        {
            ["Packages:AllowPrivateHosts"] = "false",
            ["Packages:AllowedOrigins:0"] = Origin.BaseUri.GetLeftPart(UriPartial.Authority),
        });
        Client = Factory.Start();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Origin.DisposeAsync();
    }
}
