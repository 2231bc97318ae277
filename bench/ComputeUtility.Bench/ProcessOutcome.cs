namespace ComputeUtility.Bench;

/// <summary>What a peer process did: exit code (128+signal when a signal killed it), its output, and its wall time from start to exit.</summary>
internal sealed record ProcessOutcome(int ExitCode, string Stdout, string Stderr, double ElapsedMs);
