namespace ComputeUtility.Discovery.Responder;

/// <summary>Where a responder is in RFC 6762 §8: probing for its name, announcing, or answering.</summary>
internal enum ResponderState
{
    Idle,
    Probing,
    Announced,
    Stopped,
}
