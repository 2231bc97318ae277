using System.Net;

namespace ComputeUtility.Client.Tests;

/// <summary>A descriptor may come from a stranger found by discovery: what the client reads of it is bounded.</summary>
public sealed class DescriptorLimitTests
{
    [Fact]
    public async Task A_descriptor_past_the_limit_is_refused_before_it_is_read_whole()
    {
        var endless = new string(' ', UtilityClient.MaxDescriptorBytes) + "{}";
        using var http = new HttpClient(new Answering(() => new StringContent(endless, Encoding.UTF8, "application/json") { Headers = { ContentLength = null } }));
        using var client = new UtilityClient(http, new Uri("http://127.0.0.1:9/"));

        var act = () => client.GetDescriptorAsync();

        await act.Should().ThrowAsync<InvalidDataException>();
    }

    [Fact]
    public async Task A_descriptor_at_an_announced_path_is_read_from_there()
    {
        Uri? asked = null;
        using var http = new HttpClient(new Answering(() => new StringContent("""{"features":["tasks"]}""", Encoding.UTF8, "application/json"), r => asked = r.RequestUri));
        using var client = new UtilityClient(http, new Uri("http://127.0.0.1:9/"));

        var descriptor = await client.GetDescriptorAsync(new Uri("http://127.0.0.1:9/custom/descriptor"));

        asked.Should().Be(new Uri("http://127.0.0.1:9/custom/descriptor"));
        descriptor.Supports("tasks").Should().BeTrue();
        descriptor.Bytes.Should().Be(22);
    }

    private sealed class Answering(Func<HttpContent> content, Action<HttpRequestMessage>? seen = null) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen?.Invoke(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content(), RequestMessage = request });
        }
    }
}
