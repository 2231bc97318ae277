namespace ComputeUtility.Server.Tasks;

/// <summary>What a task run returns (spec/schemas/task-result.schema.json).</summary>
internal sealed record TaskResult(int ExitCode, string Stdout, string Stderr, bool StdoutTruncated, bool StderrTruncated,
    double DurationMs);
