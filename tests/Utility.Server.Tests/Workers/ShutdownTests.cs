using System.Net;
using System.Net.Http.Json;
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

    [Fact]
    [Requirement("CU-WRK-14")]
    public async Task CU_WRK_14_a_creation_still_fetching_its_package_when_the_stop_begins_is_answered_503_shutting_down()
    {
        await using var origin = await TestOrigin.StartAsync();
        var echo = TestPackage.Publish(origin, "echo", Repo.Example("echo/echo.wasm"));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wasm = Repo.Example("echo/echo.wasm");
        var manifest = TestPackage.ManifestBytes("echo", "reactor", "echo.wasm", TestPackage.Sri(wasm), wasm.Length);
        var held = origin.Answer("held/manifest.json", async context =>
        {
            await release.Task;
            await context.Response.Body.WriteAsync(manifest);
        });
        origin.Put("held/echo.wasm", wasm);
        var factory = new UtilityFactory();
        var client = factory.Start();
        var worker = await CreatedWorker.CreateAsync(client, echo);
        await using var channel = await ChannelClient.ConnectAsync(factory.BaseUri, worker);
        var creation = client.PostAsJsonAsync("/v1/workers", new { package = held.ToString(), integrity = TestPackage.Sri(manifest) });
        while (origin.Hits("held/manifest.json") == 0)
        {
            await Task.Delay(20);
        }

        var stopping = Task.Run(factory.Dispose);
        (await channel.ReceiveKindAsync("exit")).Data.GetProperty("reason").GetString().Should().Be("shutdown");
        release.SetResult();
        var answer = await creation.WaitAsync(TimeSpan.FromSeconds(60));
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));

        await answer.ShouldBeProblemAsync("shutting-down", HttpStatusCode.ServiceUnavailable);
    }
}
