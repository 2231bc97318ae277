namespace ComputeUtility.Server.Faults;

/// <summary>
/// Behaviours the test-only fault switch can break, one at a time, to prove that the
/// conformance suite notices. See <see cref="FaultSwitch"/>.
/// </summary>
public enum Fault
{
    None,

    /// <summary>Packages are used without checking their integrity digests.</summary>
    SkipIntegrity,

    /// <summary>Pairs of queued messages are delivered in swapped order.</summary>
    ReorderMessages,

    /// <summary>Creating a worker answers 200 instead of 201.</summary>
    WrongStatusCode,

    /// <summary>Errors are written as text/plain instead of problem+json.</summary>
    PlainErrors,

    /// <summary>Any token opens any worker.</summary>
    SkipTokenCheck,

    /// <summary>Posted messages are accepted whatever their size.</summary>
    IgnoreMessageLimit,

    /// <summary>Pages on other origins get the full descriptor, with the utility's one id and its host name.</summary>
    FullDescriptorForEveryone,

    /// <summary>Every page origin is served, as if the owner had permitted it.</summary>
    PermitAnyOrigin,

    /// <summary>Channel connections get no heartbeats, and silent WebSocket clients are never closed.</summary>
    NoHeartbeats,
}
