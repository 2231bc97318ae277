namespace ComputeUtility.Server.Tests.Sandbox;

/// <summary>Compiled modules and fetched packages survive a restart on disk, and a corrupted cache is noticed.</summary>
public sealed class ModuleCacheTests : IAsyncLifetime
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "cu-cache-test-" + Guid.NewGuid().ToString("N"));
    private TestOrigin _origin = null!;
    private TestPackage _echo = null!;

    public async Task InitializeAsync()
    {
        _origin = await TestOrigin.StartAsync();
        _echo = TestPackage.Publish(_origin, "echo", Repo.Example("echo/echo.wasm"));
    }

    public async Task DisposeAsync()
    {
        await _origin.DisposeAsync();
        Directory.Delete(_cache, recursive: true);
    }

    [Fact]
    public async Task A_restarted_utility_loads_the_compiled_module_from_disk_instead_of_fetching_and_compiling()
    {
        await CreateEchoAsync(expectCompilations: 1);

        await CreateEchoAsync(expectCompilations: 0);

        _origin.Hits("echo/echo.wasm").Should().Be(1, "the second utility had the module compiled on disk");
        _origin.Hits("echo/manifest.json").Should().Be(1, "and the manifest by its digest");
    }

    [Fact]
    public async Task Corrupted_cache_files_are_detected_by_their_digest_and_fetched_or_compiled_anew()
    {
        await CreateEchoAsync(expectCompilations: 1);
        foreach (var file in Directory.GetFiles(_cache, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".sha256", StringComparison.Ordinal)))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[bytes.Length / 2] ^= 0xff;
            await File.WriteAllBytesAsync(file, bytes);
        }

        await CreateEchoAsync(expectCompilations: 1);

        _origin.Hits("echo/manifest.json").Should().Be(2, "the corrupted manifest was fetched again");
        _origin.Hits("echo/echo.wasm").Should().Be(2, "the corrupted module was fetched and compiled again");
    }

    private async Task CreateEchoAsync(int expectCompilations)
    {
        await using var factory = new UtilityFactory(new Dictionary<string, string?> { ["Packages:CacheDirectory"] = _cache });
        var client = factory.Start();
        var response = await client.PostAsJsonAsync("/v1/workers", _echo.CreateBody);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        factory.Services.GetRequiredService<ModuleCache>().Compilations.Should().Be(expectCompilations);
    }
}
