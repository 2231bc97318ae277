using System.Net.WebSockets;
using ComputeUtility.Server.Tests.Infrastructure;

namespace ComputeUtility.Server.Tests.Workers;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_utility_ends_workers_with_reason_shutdown_and_closes_channels_with_1001()
    {
        await using var origin = await TestOrigin.StartAsync();
        var echo = TestPackage.Publish(origin, "echo", Repo.Example("echo/echo.wasm"));
        var factory = new UtilityFactory();
        var client = factory.Start();
        var worker = await CreatedWorker.CreateAsync(client, echo);
        await using var channel = await ChannelClient.ConnectAsync(factory.BaseUri, worker);
        await channel.SendJsonAsync("1");
        await channel.ReceiveKindAsync("message");

        var stopping = Task.Run(factory.Dispose);
        var exit = await channel.ReceiveKindAsync("exit");
        var close = await channel.ReceiveKindAsync("close");
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        exit.Data.GetProperty("reason").GetString().Should().Be("shutdown");
        close.CloseStatus.Should().Be(WebSocketCloseStatus.EndpointUnavailable);
    }
}
