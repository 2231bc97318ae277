namespace ComputeUtility.Discovery.Responder;

/// <summary>What interrupted probing: another host owns the instance or host name, or another host probes for it and won the tie-break.</summary>
internal enum ProbeOutcome
{
    Conflict,
    HostConflict,
    LostTieBreak,
}
