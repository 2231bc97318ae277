namespace ComputeUtility.Bench;

/// <summary>One POST /v1/tasks answer: the guest's result, the server's own durationMs, and the client's round trip.</summary>
internal sealed record TaskOutcome(int ExitCode, string Stdout, string Stderr, double DurationMs, double ClientMs);
