using System.Diagnostics;

namespace ComputeUtility.Bench;

/// <summary>
/// Cancels a load phase when no worker received anything for <c>limit</c>: lost replies must end
/// the phase with a count, not hang it. Also cancels at the phase budget. Stopped by disposing.
/// </summary>
internal sealed class StallWatchdog : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _limit;
    private readonly Task _loop;
    private long _progress;

    public StallWatchdog(TimeSpan limit, TimeSpan budget)
    {
        _limit = limit;
        _cancel = new CancellationTokenSource(budget);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Cancelled on a stall or at the phase budget.</summary>
    public CancellationToken Token => _cancel.Token;

    public bool Stalled { get; private set; }

    public bool Expired => _cancel.IsCancellationRequested && !Stalled;

    public void Progress() => Interlocked.Increment(ref _progress);

    // Bounded: ends at the stop token, a stall or the budget.
    private async Task LoopAsync()
    {
        var last = Interlocked.Read(ref _progress);
        var quietSince = Stopwatch.GetTimestamp();
        while (!_stop.IsCancellationRequested && !_cancel.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = Interlocked.Read(ref _progress);
            if (now != last)
            {
                last = now;
                quietSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(quietSince) > _limit)
            {
                Stalled = true;
                await _cancel.CancelAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _cancel.Dispose();
    }
}
