namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>A utility and an origin with the echo example published, shared by the tests of one class.</summary>
public sealed class UtilityFixture : IAsyncLifetime
{
    private UtilityFactory? _factory;

    internal UtilityFactory Factory => _factory!;

    internal TestOrigin Origin { get; private set; } = null!;

    internal HttpClient Client { get; private set; } = null!;

    internal TestPackage Echo { get; private set; } = null!;

    internal T Service<T>() where T : notnull =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(Factory.Services);

    public async Task InitializeAsync()
    {
        Origin = await TestOrigin.StartAsync();
        Echo = TestPackage.Publish(Origin, "echo", Repo.Example("echo/echo.wasm"));
        _factory = new UtilityFactory();
        Client = _factory.Start();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Origin.DisposeAsync();
    }
}
