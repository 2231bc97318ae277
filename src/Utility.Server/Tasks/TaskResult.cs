namespace ComputeUtility.Server.Tasks;

/// <summary>What a task run returns (spec/schemas/task-result.schema.json); the exit code is WASI's unsigned 32-bit value (CU-TASK-12).</summary>
internal sealed record TaskResult(uint ExitCode, string Stdout, string Stderr, bool StdoutTruncated, bool StderrTruncated,
    double DurationMs);
