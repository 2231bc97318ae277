namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Advances the engine's epoch on a fixed period; at every tick each running guest's deadline is looked at
/// (<see cref="GuestDeadline"/>, wall time on the utility's clock). It runs on a thread of its own, as guests do on
/// theirs (<see cref="GuestThreads"/>, at a lower priority), so no timer on a busy pool can make it late.
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
