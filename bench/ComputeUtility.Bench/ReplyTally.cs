namespace ComputeUtility.Bench;

/// <summary>
/// Counts echo replies against the order they must come in: the echo worker numbers its replies
/// 1..N, so a jump forward is lost replies and a step back is a reordering.
/// </summary>
internal sealed class ReplyTally(long expectedTotal)
{
    private long _next = 1;

    public long Received { get; private set; }

    public long Lost { get; private set; }

    public long Reordered { get; private set; }

    /// <summary>Replies whose echoed <c>i</c> is not their count: the guest saw messages out of order.</summary>
    public long Mismatched { get; private set; }

    /// <summary>Events the server reported as dropped from its buffer (gap envelopes).</summary>
    public long GapEvents { get; private set; }

    public bool Complete => _next > expectedTotal;

    public void Add(in EchoEnvelope reply)
    {
        Received++;
        if (reply.EchoedIndex != reply.Count)
        {
            Mismatched++;
        }

        if (reply.Count == _next)
        {
            _next++;
        }
        else if (reply.Count > _next)
        {
            Lost += reply.Count - _next;
            _next = reply.Count + 1;
        }
        else
        {
            Reordered++;
        }
    }

    public void AddGap(long missed) => GapEvents += missed;

    /// <summary>Whatever never arrived by the end is lost too.</summary>
    public void Finish()
    {
        if (_next <= expectedTotal)
        {
            Lost += expectedTotal - _next + 1;
            _next = expectedTotal + 1;
        }
    }
}
