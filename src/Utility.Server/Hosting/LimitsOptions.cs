using System.ComponentModel.DataAnnotations;

namespace ComputeUtility.Server.Hosting;

/// <summary>Every limit the utility enforces; each one is published in the descriptor.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    [Range(1, 100_000)] public int MaxWorkers { get; set; } = 64;
    [Range(65_536, 4L * 1024 * 1024 * 1024)] public long MaxMemoryBytesPerWorker { get; set; } = 256L * 1024 * 1024;
    [Range(1_024, 64 * 1024 * 1024)] public int MaxMessageBytes { get; set; } = 1024 * 1024;
    [Range(1, 1_000_000)] public int MaxQueuedMessages { get; set; } = 1024;
    [Range(1, 3_600_000)] public int MessageDeadlineMs { get; set; } = 5_000;
    [Range(1, 86_400 * 7)] public int IdleTimeoutSeconds { get; set; } = 600;
    [Range(256, 16 * 1024 * 1024)] public int MaxManifestBytes { get; set; } = 64 * 1024;
    [Range(1_024, 1024L * 1024 * 1024)] public long MaxModuleBytes { get; set; } = 64L * 1024 * 1024;
    [Range(1, 3_600_000)] public int TaskDeadlineMs { get; set; } = 30_000;
    [Range(65_536, 4L * 1024 * 1024 * 1024)] public long MaxTaskMemoryBytes { get; set; } = 256L * 1024 * 1024;
    [Range(1_024, 256 * 1024 * 1024)] public int MaxTaskOutputBytes { get; set; } = 1024 * 1024;
    [Range(0, 256 * 1024 * 1024)] public int MaxTaskStdinBytes { get; set; } = 1024 * 1024;
    [Range(16, 10_000_000)] public int EventBufferEvents { get; set; } = 4096;
    [Range(65_536, 4L * 1024 * 1024 * 1024)] public long EventBufferBytes { get; set; } = 16L * 1024 * 1024;
    [Range(1_024, 1024L * 1024 * 1024)] public long MaxRequestBodyBytes { get; set; } = 2L * 1024 * 1024;
    [Range(1, 10_000)] public int MaxConcurrentTasks { get; set; } = 16;

    /// <summary>Granularity of the epoch clock that enforces deadlines (a benchmark chose it).</summary>
    [Range(1, 1_000)] public int EpochTickMs { get; set; } = 10;
}
