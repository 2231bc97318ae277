namespace ComputeUtility.Bench;

/// <summary>The <c>type</c> of a channel event envelope, as far as the bench cares.</summary>
internal enum EnvelopeKind
{
    Other,
    Message,
    Log,
    Gap,
    Error,
    Exit,

    /// <summary>Not an event (spec 9.4); the channel skips it.</summary>
    Heartbeat,
}
