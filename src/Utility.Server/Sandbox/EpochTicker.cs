namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Advances the engine's epoch on a fixed period; at every tick each running guest's deadline is looked at
/// (<see cref="GuestDeadline"/>, wall time on the utility's clock), and a worker's message past its deadline is
/// reported from here (<see cref="DeadlineWatch"/>). It runs on a thread of its own, as guests do on theirs
/// (<see cref="GuestThreads"/>, niced), so no timer on a busy pool can make it late; on Linux it asks for a
/// higher priority than the server's other threads (nice −5), which it gets where the system allows it.
/// </summary>
internal sealed class EpochTicker(WasmRuntime runtime) : IHostedService, IDisposable
{
    private const int Nice = -5;
    private readonly ManualResetEventSlim _stop = new();
    private Thread? _thread;

    /// <summary>True once the tick thread runs at the raised priority (false where the system refused it).</summary>
    public bool Raised { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "wasm-epoch", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Run()
    {
        Raised = ThreadNiceness.TrySet(Nice);
        var period = TimeSpan.FromMilliseconds(runtime.TickMs);
        while (!_stop.Wait(period))
        {
            runtime.Engine.IncrementEpoch();
            try
            {
                runtime.Watch.Check();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A report that failed must not stop the ticks every other guest's deadline depends on; the guest's own
                // thread still stops the call at its next check and reports it then.
            }
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread?.Join(TimeSpan.FromSeconds(1));
        _stop.Dispose();
    }
}
