namespace ComputeUtility.Server.Origins;

/// <summary>What the owner decided for one page origin on the dashboard, and when.</summary>
internal sealed record OriginDecision(string Origin, bool Permitted, DateTimeOffset DecidedAt);
