namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Advances the engine's epoch on a fixed period; deadlines are counted in these ticks. It runs on
/// the real clock on purpose: a guest burns real CPU, so a faked clock in tests must not stop it.
/// </summary>
internal sealed class EpochTicker(WasmRuntime runtime) : IHostedService, IDisposable
{
    private readonly TimeProvider time = TimeProvider.System;

    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromMilliseconds(runtime.TickMs);
        _timer = time.CreateTimer(_ => runtime.Engine.IncrementEpoch(), null, period, period);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _timer?.Dispose();
}
