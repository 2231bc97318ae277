namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>Asserts a response is problem+json with the spec's type URI and status.</summary>
internal static class ProblemAssertions
{
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, string name, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("type").GetString().Should().Be("urn:compute-utility:problem:" + name, text);
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        return problem;
    }
}
