namespace ComputeUtility.Bench;

/// <summary>What one phase of row 9 counted, how long it took, and how it ended.</summary>
internal sealed record PhaseOutcome(bool WebSocket, LoadTally Tally, long Expected, TimeSpan Elapsed, bool Stalled, bool Expired, int DeleteFailures);
