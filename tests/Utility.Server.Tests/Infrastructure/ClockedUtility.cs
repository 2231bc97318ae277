namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>
/// A utility on a faked clock, with the echo example on a test origin: the janitor, keep-alives and deadlines move only
/// when the test advances <see cref="Time"/>. Also opens event streams on bare connections, as a client that may hang up.
/// </summary>
internal sealed class ClockedUtility : IAsyncDisposable
{
    private ClockedUtility(FakeTimeProvider time, UtilityFactory factory, TestOrigin origin, TestPackage echo, HttpClient client)
    {
        Time = time;
        Factory = factory;
        Origin = origin;
        Echo = echo;
        Client = client;
    }

    public FakeTimeProvider Time { get; }

    public UtilityFactory Factory { get; }

    public TestOrigin Origin { get; }

    public TestPackage Echo { get; }

    public HttpClient Client { get; }

    public static async Task<ClockedUtility> StartAsync(Dictionary<string, string?> settings)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var origin = await TestOrigin.StartAsync();
        var echo = TestPackage.Publish(origin, "echo", Repo.Example("echo/echo.wasm"));
        var factory = new UtilityFactory(settings, services => services.AddSingleton<TimeProvider>(time));
        return new ClockedUtility(time, factory, origin, echo, factory.Start());
    }

    /// <summary>The server's own object for the worker, to read what no API shows (whether a client is connected).</summary>
    public Worker Registered(CreatedWorker worker) => Factory.Services.GetRequiredService<WorkerRegistry>().Find(worker.Id)!;

    /// <summary>A bare connection whose event stream has started: the response head has arrived.</summary>
    public async Task<TcpClient> OpenEventStreamAsync(CreatedWorker worker)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(Factory.BaseUri.Host, Factory.BaseUri.Port);
        var network = tcp.GetStream();
        var request = $"GET /v1/workers/{worker.Id}/events?access_token={worker.Token} HTTP/1.1\r\nHost: {Factory.BaseUri.Authority}\r\n\r\n";
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
        Registered(worker).Connected.Should().BeTrue("a stream whose head the client has counts as open");
        return tcp;
    }

    public async Task<string?> StateAsync(CreatedWorker worker)
    {
        var response = await Client.SendAsync(worker.Request(HttpMethod.Get));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Origin.DisposeAsync();
    }
}
