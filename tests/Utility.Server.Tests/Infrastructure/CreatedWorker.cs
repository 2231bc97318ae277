using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>A worker a test created: its id and token.</summary>
internal sealed record CreatedWorker(string Id, string Token, JsonElement Body)
{
    public static async Task<CreatedWorker> CreateAsync(HttpClient client, TestPackage package)
    {
        var response = await client.PostAsJsonAsync("/v1/workers", package.CreateBody);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, body.ToString());
        return new CreatedWorker(body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!, body);
    }

    public HttpRequestMessage Request(HttpMethod method, string suffix = "", HttpContent? content = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, $"/v1/workers/{Id}{suffix}") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        return request;
    }
}
