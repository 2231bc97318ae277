namespace ComputeUtility.Server.Tests.Telemetry;

/// <summary>
/// Meters are process-wide: every utility in the test process counts under the same meter name, so tests that read counts
/// at /metrics run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
