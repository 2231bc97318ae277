using System.Text.Json.Nodes;

namespace ComputeUtility.Discovery.Tests.Infrastructure;

/// <summary>Answers descriptor requests per host with the spec's example descriptor, after a chosen delay.</summary>
internal sealed class FakeUtilityHandler : HttpMessageHandler
{
    private readonly Dictionary<string, (TimeSpan Delay, string Body)> _hosts = [];

    public static JsonObject ExampleDescriptor()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Repo.Path("spec", "schemas", "descriptor.schema.json")))!;
        return schema["examples"]![0]!.DeepClone().AsObject();
    }

    public FakeUtilityHandler Serve(string host, TimeSpan delay, JsonNode descriptor)
    {
        _hosts[host] = (delay, descriptor.ToJsonString());
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!_hosts.TryGetValue(request.RequestUri!.Host, out var served))
        {
            throw new HttpRequestException("connection refused");
        }

        await Task.Delay(served.Delay, cancellationToken);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(served.Body, Encoding.UTF8, "application/json") };
    }
}
