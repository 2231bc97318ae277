using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ComputeUtility.Server.Tests.Infrastructure;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ComputeUtility.Server.Tests.Channels;

/// <summary>
/// Clients that open a worker's event stream and hang up while it waits for events (curl -m 2 on an idle worker):
/// each stream ends when its client goes, and the worker is idle again. Time is faked, so the keep-alive and the idle
/// timer move only when the test says.
/// </summary>
public sealed class HungUpEventStreamTests : IAsyncLifetime
{
    private const int HungUpStreams = 1_000;
    private const int AtOnce = 25;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly UtilityFactory _factory;
    private TestOrigin _origin = null!;
    private HttpClient _client = null!;
    private TestPackage _echo = null!;

    public HungUpEventStreamTests() =>
        // The orphan timeout as long as the idle one, so the worker whose streams hung up ends when this test has always expected.
        _factory = new(new Dictionary<string, string?> { ["Limits:IdleTimeoutSeconds"] = "60", ["Limits:OrphanTimeoutSeconds"] = "60" },
            services => services.AddSingleton<TimeProvider>(_time));

    public async Task InitializeAsync()
    {
        _origin = await TestOrigin.StartAsync();
        _echo = TestPackage.Publish(_origin, "echo", Repo.Example("echo/echo.wasm"));
        _client = _factory.Start();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _origin.DisposeAsync();
    }

    [Fact]
    [Requirement("CU-WRK-10", "CU-SEC-5", "CU-SEC-12")]
    public async Task CU_WRK_10_a_thousand_hung_up_event_streams_all_end_and_the_worker_still_idles_out_on_time()
    {
        var worker = await CreatedWorker.CreateAsync(_client, _echo);
        var registered = _factory.Services.GetRequiredService<WorkerRegistry>().Find(worker.Id)!;

        for (var done = 0; done < HungUpStreams; done += AtOnce)
        {
            await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => OpenAndHangUpAsync(worker)));
        }

        // Each stream's handler returns once its client is gone, and with it the stream's hold on the worker.
        (await EventuallyAsync(() => !registered.Connected)).Should().BeTrue(
            "every event stream's client hung up, so none may still count as connected");
        (await _client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);

        _time.Advance(TimeSpan.FromSeconds(59));
        (await StateAsync(worker)).Should().Be("running");
        _time.Advance(TimeSpan.FromSeconds(20));
        (await StateAsync(worker)).Should().Be("terminated", "a worker whose streams all hung up is idle (CU-WRK-10)");
    }

    [Fact]
    [Requirement("CU-WRK-10")]
    public async Task CU_WRK_10_a_stream_left_open_keeps_its_idle_worker_running_and_sends_keep_alives_as_time_passes()
    {
        var worker = await CreatedWorker.CreateAsync(_client, _echo);
        using var stream = await OpenStreamAsync(worker);

        var comments = new StringBuilder();
        var buffer = new byte[4096];
        for (var i = 0; i < 6 && !comments.ToString().Contains(": keep-alive", StringComparison.Ordinal); i++)
        {
            _time.Advance(TimeSpan.FromSeconds(15));
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                var read = await stream.GetStream().ReadAsync(buffer, wait.Token);
                comments.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            catch (OperationCanceledException)
            {
                // The stream's wait may not have begun before this advance; the next one is due 15 s later.
            }
        }

        comments.ToString().Should().Contain(": keep-alive");
        (await StateAsync(worker)).Should().Be("running", "an open event stream counts as a connected client");
    }

    private async Task OpenAndHangUpAsync(CreatedWorker worker)
    {
        using var tcp = await OpenStreamAsync(worker);
        tcp.Client.Shutdown(SocketShutdown.Both); // the client goes away as curl does when -m runs out: FIN, no reset
    }

    /// <summary>A bare connection whose event stream has started: the response head has arrived.</summary>
    private async Task<TcpClient> OpenStreamAsync(CreatedWorker worker)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(_factory.BaseUri.Host, _factory.BaseUri.Port);
        var network = tcp.GetStream();
        var request = $"GET /v1/workers/{worker.Id}/events?access_token={worker.Token} HTTP/1.1\r\nHost: {_factory.BaseUri.Authority}\r\n\r\n";
        await network.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = new StringBuilder();
        var buffer = new byte[1024];
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // a starved server fails the test, not hangs it
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await network.ReadAsync(buffer, patience.Token);
            read.Should().BePositive("the utility answers the stream's head before any event");
            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        head.ToString().Should().StartWith("HTTP/1.1 200");
        return tcp;
    }

    private async Task<string?> StateAsync(CreatedWorker worker)
    {
        var response = await _client.SendAsync(worker.Request(HttpMethod.Get));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString();
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        // A generous bound for a loaded machine; the condition holds within milliseconds when the server is right.
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        return condition();
    }
}
