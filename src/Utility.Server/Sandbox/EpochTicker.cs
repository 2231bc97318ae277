namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Advances the engine's epoch on a fixed period; deadlines are counted in these ticks. It runs on
/// its own thread and the real clock on purpose: guests hold thread-pool threads while they run,
/// so a pool timer could fire late exactly when a runaway guest must be stopped.
/// </summary>
internal sealed class EpochTicker(WasmRuntime runtime) : IHostedService, IDisposable
{
    private readonly ManualResetEventSlim _stop = new();
    private Thread? _thread;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "wasm-epoch", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Run()
    {
        var period = TimeSpan.FromMilliseconds(runtime.TickMs);
        while (!_stop.Wait(period))
        {
            runtime.Engine.IncrementEpoch();
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread?.Join(TimeSpan.FromSeconds(1));
        _stop.Dispose();
    }
}
