namespace ComputeUtility.Server.Tests.Packages;

/// <summary>An origin that answers at once and then sends its body a byte at a time: the fetch timeout bounds the whole transfer.</summary>
public sealed class SlowOriginTests : IAsyncLifetime
{
    private static readonly byte[] Echo = Repo.Example("echo/echo.wasm");

    private readonly UtilityFixture _utility = new(new() { ["Packages:FetchTimeoutSeconds"] = "2" });

    public Task InitializeAsync() => _utility.InitializeAsync();

    public Task DisposeAsync() => _utility.DisposeAsync();

    [Fact]
    [Requirement("CU-PKG-11")]
    public async Task CU_PKG_11_a_module_body_trickling_past_the_fetch_timeout_gives_502_package_fetch_failed()
    {
        var package = TestPackage.Publish(_utility.Origin, "trickle", Echo);
        _utility.Origin.Answer("trickle/trickle.wasm", async context =>
        {
            context.Response.ContentType = "application/wasm";
            context.Response.ContentLength = Echo.Length;
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                // Headers at once, then one byte every 200 ms: the whole body would take minutes.
                for (var i = 0; i < Echo.Length && !context.RequestAborted.IsCancellationRequested; i++)
                {
                    await context.Response.Body.WriteAsync(Echo.AsMemory(i, 1), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(200, context.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The utility gave up and closed the connection.
            }
        });

        // Only a guard against a utility that never answers; the fetch timeout is 2 s.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await _utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody, guard.Token);

        var problem = await response.ShouldBeProblemAsync("package-fetch-failed", HttpStatusCode.BadGateway);
        problem.GetProperty("detail").GetString().Should().Contain("module");
        Echo.Length.Should().BeGreaterThan(150, "at 5 B/s the body must take longer than the guard for the test to mean anything");
    }
}
