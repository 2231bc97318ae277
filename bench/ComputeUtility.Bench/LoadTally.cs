namespace ComputeUtility.Bench;

/// <summary>
/// What one load phase counted over all its workers (each worker checks its own replies with a
/// <see cref="ReplyTally"/> and adds it here when it ends). Safe to update from many tasks.
/// </summary>
internal sealed class LoadTally
{
    private long _sent;
    private long _received;
    private long _lost;
    private long _reordered;
    private long _mismatched;
    private long _gapEvents;
    private long _errorEvents;
    private long _serverErrors;
    private long _otherRefusals;
    private long _backPressure;
    private string? _firstProblem;

    public long Sent => Interlocked.Read(ref _sent);

    public long Received => Interlocked.Read(ref _received);

    public long Lost => Interlocked.Read(ref _lost);

    public long Reordered => Interlocked.Read(ref _reordered);

    /// <summary>Replies whose echoed <c>i</c> is not their count: the guest saw messages out of order.</summary>
    public long Mismatched => Interlocked.Read(ref _mismatched);

    public long GapEvents => Interlocked.Read(ref _gapEvents);

    /// <summary><c>error</c> or <c>exit</c> events from a worker.</summary>
    public long ErrorEvents => Interlocked.Read(ref _errorEvents);

    /// <summary>5xx answers (to a message, the channel upgrade or the event stream).</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary>Other non-2xx answers, except 429, and failed connections.</summary>
    public long OtherRefusals => Interlocked.Read(ref _otherRefusals);

    /// <summary>429 answers: back-pressure, retried after Retry-After; not a loss.</summary>
    public long BackPressure => Interlocked.Read(ref _backPressure);

    public string? FirstProblem => Volatile.Read(ref _firstProblem);

    public bool Clean => Lost == 0 && Reordered == 0 && Mismatched == 0 && GapEvents == 0 && ErrorEvents == 0
        && ServerErrors == 0 && OtherRefusals == 0;

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void CountBackPressure() => Interlocked.Increment(ref _backPressure);

    public void CountErrorEvent(string what)
    {
        Interlocked.Increment(ref _errorEvents);
        Remember(what);
    }

    /// <summary>
    /// Counts one event of a worker's reply stream, whichever transport carried it; false when it
    /// was the worker's exit, after which no reply will come.
    /// </summary>
    public bool Take(ReplyTally replies, in EchoEnvelope envelope, string workerId, string? raw = null)
    {
        switch (envelope.Kind)
        {
            case EnvelopeKind.Message:
                replies.Add(envelope);
                return true;
            case EnvelopeKind.Gap:
                replies.AddGap(envelope.Missed);
                return true;
            case EnvelopeKind.Log:
                return true;
            default:
                CountErrorEvent($"worker {workerId}: a '{envelope.Kind}' event after {replies.Received} replies{(raw is null ? "" : ": " + raw)}");
                return envelope.Kind != EnvelopeKind.Exit;
        }
    }

    /// <summary>A refused request or connection: <paramref name="status"/> 0 when there was no HTTP answer at all.</summary>
    public void CountRefusal(int status, string what)
    {
        Interlocked.Increment(ref status >= 500 ? ref _serverErrors : ref _otherRefusals);
        Remember(what);
    }

    public void Add(ReplyTally replies)
    {
        Interlocked.Add(ref _received, replies.Received);
        Interlocked.Add(ref _lost, replies.Lost);
        Interlocked.Add(ref _reordered, replies.Reordered);
        Interlocked.Add(ref _mismatched, replies.Mismatched);
        Interlocked.Add(ref _gapEvents, replies.GapEvents);
    }

    private void Remember(string what) => Interlocked.CompareExchange(ref _firstProblem, what, null);
}
