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

    /// <summary>
    /// Polls the worker until it has sent <paramref name="count"/> messages: the guest has finished the calls before them.
    /// A test on a faked clock waits for this before it advances the clock, or the jump lands inside a running call and
    /// counts against that call's deadline (deadlines run on the utility's clock).
    /// </summary>
    public async Task WaitForMessagesOutAsync(HttpClient client, long count)
    {
        for (var i = 0; i < 300; i++)
        {
            using var response = await client.SendAsync(Request(HttpMethod.Get));
            var view = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (view.GetProperty("messagesOut").GetInt64() >= count)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"worker {Id} did not send {count} messages within 15 s");
    }

    public HttpRequestMessage Request(HttpMethod method, string suffix = "", HttpContent? content = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, $"/v1/workers/{Id}{suffix}") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        return request;
    }
}
