namespace ComputeUtility.Server.Tests.Packages;

/// <summary>
/// Client input that does not fit the utility's own types — integers past 2^63, a NUL in a package path — is still the
/// client's mistake: a 4xx problem, never 500 internal-error.
/// </summary>
public sealed class OversizedNumberTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    private const string TenToTheTwenty = "100000000000000000000";

    [Fact]
    [Requirement("CU-ERR-4", "CU-PKG-7")]
    public async Task CU_ERR_4_a_manifest_size_of_10_to_the_20_is_a_422_not_a_500()
    {
        var package = PublishWithManifest("size-1e20", manifest => manifest.Replace("\"size\":4242", $"\"size\":{TenToTheTwenty}"));

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        var problem = await response.ShouldBeProblemAsync("package-too-large", HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("limit").GetInt64().Should().BePositive();
    }

    [Fact]
    [Requirement("CU-ERR-4", "CU-PKG-4")]
    public async Task CU_ERR_4_a_manifest_maximum_bytes_of_10_to_the_20_is_a_422_not_a_500()
    {
        var package = PublishWithManifest("memory-1e20", manifest => manifest.Replace("\"size\":4242", $"\"size\":4242}},\"memory\":{{\"maximumBytes\":{TenToTheTwenty}"));

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        await response.ShouldBeProblemAsync("package-too-large", HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [Requirement("CU-ERR-4", "CU-ERR-1")]
    [InlineData("demo/echo%00/manifest.json")]
    [InlineData("demo/echo/manifest.json%00")]
    public async Task CU_ERR_4_a_package_url_with_an_encoded_nul_is_a_400_not_a_500(string path)
    {
        var body = new { package = new Uri(utility.Factory.BaseUri, path).AbsoluteUri, integrity = TestPackage.Sri("x"u8.ToArray()) };

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", body);

        var problem = await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().Contain("%00");
    }

    private TestPackage PublishWithManifest(string name, Func<string, string> edit)
    {
        var wasm = Repo.Example("echo/echo.wasm");
        var modulePath = $"{name}/{name}.wasm";
        utility.Origin.Put(modulePath, wasm);
        var manifest = Encoding.UTF8.GetString(TestPackage.ManifestBytes(name, "reactor", $"{name}.wasm", TestPackage.Sri(wasm), 4242));
        var edited = Encoding.UTF8.GetBytes(edit(manifest));
        var url = utility.Origin.Put($"{name}/manifest.json", edited);
        return new TestPackage(url, TestPackage.Sri(edited), TestPackage.Sri(wasm));
    }
}
