namespace ComputeUtility.Server.Workers;

/// <summary>An open event stream of a worker, counted while it lasts.</summary>
internal sealed class StreamLease(Worker worker) : IDisposable
{
    private int _closed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            worker.StreamClosed();
        }
    }
}
