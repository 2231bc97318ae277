namespace ComputeUtility.Server.Tests.Http;

/// <summary>JSON request bodies: exactly application/json (UTF-8), members exactly as the spec spells them.</summary>
public sealed class JsonBodyTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    public static TheoryData<string, string> LookAlikeMediaTypes()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in new[] { "/v1/workers", "/v1/tasks", "/v1/estimates" })
        {
            foreach (var mediaType in new[]
                     {
                         "application/json-seq", "application/jsonx", "application/json; charset=iso-8859-1",
                         "application/json; charset=utf-8; profile=x", "application/vnd.example+json",
                     })
            {
                data.Add(path, mediaType);
            }
        }

        return data;
    }

    [Theory]
    [Requirement("CU-API-4", "CU-API-2")]
    [MemberData(nameof(LookAlikeMediaTypes))]
    public async Task CU_API_4_a_body_whose_media_type_only_looks_like_application_json_is_a_415_problem(string path, string mediaType)
    {
        var response = await utility.Client.PostAsync(path, Body(PackageJson(), mediaType));

        await response.ShouldBeProblemAsync("unsupported-media-type", HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [Requirement("CU-API-2")]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=\"UTF-8\"")]
    public async Task CU_API_2_application_json_bare_or_with_the_utf_8_charset_is_accepted(string mediaType)
    {
        var response = await utility.Client.PostAsync("/v1/estimates", Body(PackageJson(", \"inputBytes\": 5"), mediaType));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [Requirement("CU-WRK-3")]
    [InlineData("Package", "integrity")]
    [InlineData("package", "Integrity")]
    [InlineData("PACKAGE", "INTEGRITY")]
    public async Task CU_WRK_3_a_member_spelled_in_another_case_is_not_that_member_so_the_request_is_a_400_problem(string package, string integrity)
    {
        var json = $"{{\"{package}\": \"{utility.Echo.ManifestUrl}\", \"{integrity}\": \"{utility.Echo.Integrity}\"}}";

        var response = await utility.Client.PostAsync("/v1/workers", Body(json, "application/json"));

        await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
    }

    private string PackageJson(string more = "") =>
        $"{{\"package\": \"{utility.Echo.ManifestUrl}\", \"integrity\": \"{utility.Echo.Integrity}\"{more}}}";

    private static ByteArrayContent Body(string json, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType).Should().BeTrue();
        return content;
    }
}
