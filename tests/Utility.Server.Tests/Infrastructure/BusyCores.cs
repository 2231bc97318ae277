namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>
/// Keeps every core of the machine busy (one spinning thread per core, at normal priority) until disposed, so that a
/// test sees the scheduling a loaded machine gives it: continuations late, handshakes interleaved with other work.
/// </summary>
internal sealed class BusyCores : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _threads;

    public BusyCores()
    {
        _threads = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(Spin) { IsBackground = true }).ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Rounds of spinning all threads did; more than zero shows the load was really there.</summary>
    public long Spins => Interlocked.Read(ref _spins);

    private long _spins;

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _stop.Dispose();
    }

    private void Spin()
    {
        var x = 0UL;
        while (!_stop.IsCancellationRequested)
        {
            for (var i = 0; i < 100_000; i++)
            {
                x = (x * 6364136223846793005UL) + 1442695040888963407UL;
            }

            Interlocked.Increment(ref _spins);
        }

        GC.KeepAlive(x);
    }
}
