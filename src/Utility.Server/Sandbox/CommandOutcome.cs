namespace ComputeUtility.Server.Sandbox;

/// <summary>What a WASI command run produced.</summary>
internal sealed record CommandOutcome(int ExitCode, byte[] Stdout, bool StdoutTruncated, byte[] Stderr,
    bool StderrTruncated, TimeSpan Duration);
