namespace ComputeUtility.Server.Tests.Access;

/// <summary>Serving the LAN does not lock out the owner: callers on this machine need no token unless the owner asks.</summary>
public sealed class LoopbackAccessTests : IAsyncLifetime
{
    private readonly string _tokenFile = Path.Combine(Path.GetTempPath(), $"cu-access-{Guid.NewGuid():N}.json");
    private readonly UtilityFixture _utility;

    public LoopbackAccessTests() => _utility = new(new() { ["Lan:Enabled"] = "true", ["Lan:AccessTokenFile"] = _tokenFile });

    public Task InitializeAsync() => _utility.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _utility.DisposeAsync();
        File.Delete(_tokenFile);
    }

    [Fact]
    public async Task A_caller_on_loopback_creates_workers_without_a_token_and_is_told_so_by_the_descriptor()
    {
        var created = await _utility.Client.PostAsJsonAsync("/v1/workers", _utility.Echo.CreateBody);
        var descriptor = await _utility.Client.GetFromJsonAsync<JsonElement>("/.well-known/compute-utility");

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        descriptor.GetProperty("policies").GetProperty("authentication").GetString().Should().Be("none");
    }
}
