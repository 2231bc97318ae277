namespace ComputeUtility.Client;

/// <summary>The outcome of a task run (spec section 11): a nonzero exit code is still a completed run.</summary>
/// <param name="ExitCode">0 when <c>_start</c> returned, n after <c>proc_exit(n)</c>.</param>
/// <param name="Stdout">What the command wrote to stdout (UTF-8).</param>
/// <param name="Stderr">What the command wrote to stderr (UTF-8).</param>
/// <param name="StdoutTruncated">True when stdout went past <c>limits.maxTaskOutputBytes</c>.</param>
/// <param name="StderrTruncated">True when stderr went past <c>limits.maxTaskOutputBytes</c>.</param>
/// <param name="DurationMs">How long the run took inside the utility.</param>
public sealed record TaskResult(int ExitCode, string Stdout, string Stderr, bool StdoutTruncated, bool StderrTruncated, double DurationMs);
