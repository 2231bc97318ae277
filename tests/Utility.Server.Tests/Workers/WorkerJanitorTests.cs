using System.Runtime.CompilerServices;

namespace ComputeUtility.Server.Tests.Workers;

/// <summary>The janitor's sweep, on a faked clock: what it forgets is garbage by the time it gives memory back.</summary>
public sealed class WorkerJanitorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly List<bool> _forgottenAliveAtTrim = [];
    private readonly UtilityFactory _factory;
    private WeakReference? _forgotten;
    private TestOrigin _origin = null!;
    private HttpClient _client = null!;
    private TestPackage _echo = null!;

    public WorkerJanitorTests() =>
        _factory = new(new Dictionary<string, string?>(), services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            services.AddSingleton(new MemoryTrimmer(_time, RecordWhetherTheForgottenWorkerIsAlive));
        });

    public async Task InitializeAsync()
    {
        _origin = await TestOrigin.StartAsync();
        _echo = TestPackage.Publish(_origin, "echo", Repo.Example("echo/echo.wasm"));
        _client = _factory.Start();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _origin.DisposeAsync();
    }

    [Fact]
    public async Task A_worker_forgotten_by_a_sweep_is_unreachable_when_that_sweep_gives_memory_back()
    {
        var worker = await CreatedWorker.CreateAsync(_client, _echo);
        (await _client.SendAsync(worker.Request(HttpMethod.Delete))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        _forgotten = WeakReferenceTo(_factory.Services.GetRequiredService<WorkerRegistry>(), worker.Id);

        // Past the retention, in sweep-sized steps: the sweep that forgets the worker is the one that trims.
        for (var i = 0; i < 20 && _forgottenAliveAtTrim.Count == 0; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        _factory.Services.GetRequiredService<WorkerRegistry>().Find(worker.Id).Should().BeNull("the retention is over");
        _forgottenAliveAtTrim.Should().Equal([false], "a collection made while the sweep still held the worker would keep it for as long as the server stays idle");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakReferenceTo(WorkerRegistry registry, string id) => new(registry.Find(id) ?? throw new InvalidOperationException("no worker " + id));

    private void RecordWhetherTheForgottenWorkerIsAlive()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _forgottenAliveAtTrim.Add(_forgotten?.IsAlive ?? true);
    }
}
