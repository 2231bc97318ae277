namespace ComputeUtility.Server.Workers;

/// <summary>
/// One claim on a worker's WebSocket channel. A lease starts sending only after the lease it took over
/// has stopped sending, so two channels never pump the same events (CU-CHAN-4).
/// </summary>
internal sealed class ChannelLease
{
    // Never disposed: a successor may cancel it after this channel ended, and it holds no timer.
    private readonly CancellationTokenSource _takenOver = new();
    private readonly TaskCompletionSource _sendStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _predecessorStopped;

    public ChannelLease(ChannelLease? predecessor)
    {
        _predecessorStopped = predecessor?._sendStopped.Task ?? Task.CompletedTask;
    }

    /// <summary>Cancelled when a newer channel of the worker takes this one over.</summary>
    public CancellationToken TakenOver => _takenOver.Token;

    public bool IsTakenOver => _takenOver.IsCancellationRequested;

    /// <summary>Completes once the channel this lease took over has stopped sending events.</summary>
    public async Task WaitForPredecessorAsync()
    {
        await _predecessorStopped;
        _predecessorStopped = Task.CompletedTask; // drop the reference: a long chain of takeovers holds no old leases
    }

    public void TakeOver() => _takenOver.Cancel();

    /// <summary>This lease sends no more events (its send loop ended, or it never ran); its successor starts once its predecessor has stopped too.</summary>
    public void SendStopped()
    {
        var predecessor = _predecessorStopped;
        if (predecessor.IsCompleted)
        {
            _sendStopped.TrySetResult();
            return;
        }

        // Released without having waited (it failed before it ran): the chain still hands over in order.
        predecessor.ContinueWith(_ => _sendStopped.TrySetResult(), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
