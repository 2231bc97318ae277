namespace ComputeUtility.Server.Origins;

/// <summary>A page origin that tried to start work here before the owner decided about it.</summary>
internal sealed record PendingOrigin(string Origin, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int Attempts);
