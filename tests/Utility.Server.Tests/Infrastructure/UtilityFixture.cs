namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>
/// A utility and an origin with the echo example published: shared by the tests of one class as a
/// class fixture, or made with its own settings by a class that needs other limits.
/// </summary>
public sealed class UtilityFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string?>? _settings;
    private readonly Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? _services;
    private UtilityFactory? _factory;

    public UtilityFixture()
    {
    }

    internal UtilityFixture(Dictionary<string, string?> settings,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        _settings = settings;
        _services = services;
    }

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
        // Pages on the origin that serves the packages may use the utility, as their owner would have allowed (section 15.1).
        var settings = new Dictionary<string, string?>(_settings ?? []);
        settings.TryAdd("Cors:AllowedOrigins:0", Origin.BaseUri.GetLeftPart(UriPartial.Authority));
        _factory = new UtilityFactory(settings, _services);
        Client = _factory.Start();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Origin.DisposeAsync();
    }
}
