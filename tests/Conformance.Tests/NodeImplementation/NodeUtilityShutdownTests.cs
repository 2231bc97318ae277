using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ComputeUtility.Conformance.Origin;

namespace ComputeUtility.Conformance.Tests.NodeImplementation;

/// <summary>
/// What the suite cannot observe from outside (CU-WRK-14 needs the target stopped): the Node
/// utility, stopped by its operator, ends its workers with reason shutdown and refuses new work.
/// </summary>
public sealed class NodeUtilityShutdownTests
{
    [Fact]
    public async Task Stopping_the_node_utility_ends_each_worker_with_shutdown_closes_its_channel_with_1001_and_refuses_new_workers()
    {
        var originPort = NodeUtilityProcess.FreePort();
        await using var origin = await SuiteOrigin.StartAsync(new IPEndPoint(IPAddress.Loopback, originPort));
        var probe = new PackageCatalog(origin).Publish("probe", "reactor");
        await using var utility = await NodeUtilityProcess.StartAsync(origin.Authority);
        using var http = new HttpClient { BaseAddress = utility.BaseUri, Timeout = TimeSpan.FromSeconds(30) };

        var created = await http.PostAsJsonAsync("/v1/workers", probe.Body);
        created.StatusCode.Should().Be(HttpStatusCode.Created, utility.Output);
        var worker = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        using var channel = new ClientWebSocket();
        var token = Uri.EscapeDataString(worker.GetProperty("token").GetString()!);
        await channel.ConnectAsync(new Uri(worker.GetProperty("links").GetProperty("channel").GetString() + "?access_token=" + token), CancellationToken.None);

        var stopping = utility.StopAsync(TimeSpan.FromSeconds(10));
        var exit = await ReceiveTextAsync(channel);
        var refused = await http.PostAsJsonAsync("/v1/workers", probe.Body);
        var close = await ReceiveCloseAsync(channel);
        await stopping;

        exit.Should().Contain("\"type\":\"exit\"").And.Contain("\"reason\":\"shutdown\"");
        close.Should().Be(WebSocketCloseStatus.EndpointUnavailable);
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("urn:compute-utility:problem:shutting-down");
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        return result.MessageType == WebSocketMessageType.Text ? Encoding.UTF8.GetString(buffer, 0, result.Count) : $"({result.MessageType})";
    }

    private static async Task<WebSocketCloseStatus?> ReceiveCloseAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
        {
        }

        return socket.CloseStatus;
    }
}
