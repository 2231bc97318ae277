namespace ComputeUtility.Server.Tests.Demo;

public sealed class UtilityPagesTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    [Theory]
    [InlineData("/", "text/html", "Compute Utility")]
    [InlineData("/docs/index.html", "text/html", "swagger")]
    [InlineData("/redoc/index.html", "text/html", "redoc")]
    [InlineData("/spec/openapi.yaml", "application/yaml", "openapi: 3.1")]
    [InlineData("/spec/compute-utility.md", "text/markdown", "CU-")]
    [InlineData("/demo/echo/manifest.json", "application/json", "\"abi\": \"cu1\"")]
    public async Task The_human_pages_and_the_normative_spec_are_served(string path, string mediaType, string contains)
    {
        var response = await utility.Client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK, path);
        response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
        (await response.Content.ReadAsStringAsync()).Should().ContainEquivalentOf(contains);
    }

    [Fact]
    public async Task The_demo_origin_serves_modules_as_application_wasm()
    {
        var response = await utility.Client.GetAsync("/demo/echo/echo.wasm");

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/wasm");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Repo.Example("echo/echo.wasm"));
    }

    [Fact]
    public async Task Nothing_outside_the_demo_folder_can_be_read_through_it()
    {
        var response = await utility.Client.GetAsync("/demo/..%2F..%2Fappsettings.json");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
