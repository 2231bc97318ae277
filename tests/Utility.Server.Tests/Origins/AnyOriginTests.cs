namespace ComputeUtility.Server.Tests.Origins;

public sealed class AnyOriginTests
{
    [Fact]
    [Requirement("CU-PERM-6", "CU-CORS-2")]
    public async Task CU_PERM_6_with_a_wildcard_every_page_may_create_work_the_owner_is_warned_and_the_origin_is_reflected_not_a_star()
    {
        var logs = new LogCapture();
        await using var origin = await TestOrigin.StartAsync();
        var echo = TestPackage.Publish(origin, "echo", Repo.Example("echo/echo.wasm"));
        await using var factory = new UtilityFactory(new Dictionary<string, string?>
        {
            ["Cors:AllowedOrigins:0"] = "*",
            ["Logging:LogLevel:Default"] = "Information",
        }, services => services.AddSingleton<ILoggerProvider>(logs));
        using var client = factory.Start();
        var page = origin.BaseUri.GetLeftPart(UriPartial.Authority);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/workers") { Content = JsonContent.Create(echo.CreateBody) };
        request.Headers.Add("Origin", page);

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(page);
        logs.Lines.Should().Contain(l => l.Contains("Cors:AllowedOrigins contains '*'", StringComparison.Ordinal));
        var state = await client.GetFromJsonAsync<JsonElement>("/dashboard/state");
        state.GetProperty("origins").GetProperty("anyOrigin").GetBoolean().Should().BeTrue();
    }
}
