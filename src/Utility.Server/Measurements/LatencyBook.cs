namespace ComputeUtility.Server.Measurements;

/// <summary>The latency figures the utility measures on itself and publishes.</summary>
internal sealed class LatencyBook
{
    public LatencySeries WorkerStart { get; } = new();

    public LatencySeries Message { get; } = new();

    public LatencySeries Task { get; } = new();
}
