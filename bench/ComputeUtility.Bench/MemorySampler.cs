namespace ComputeUtility.Bench;

/// <summary>Samples a process's RSS every 500 ms in the background and keeps the peak; stopped by disposing.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    public MemorySampler(int pid)
    {
        _pid = pid;
        _peak = ResidentMemory.Bytes(pid);
        _loop = Task.Run(LoopAsync);
    }

    public long Peak => Interlocked.Read(ref _peak);

    /// <summary>Takes one sample now (also folded into the peak).</summary>
    public long Sample()
    {
        var now = ResidentMemory.Bytes(_pid);
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
            // Another sample raced us; compare again.
        }

        return now;
    }

    // Bounded by the stop token: ends when the sampler is disposed.
    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(500, _stop.Token);
                Sample();
            }
            catch (Exception ex) when (ex is OperationCanceledException or BenchFailure)
            {
                return; // stopped, or the server is gone (the row reports that elsewhere)
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
