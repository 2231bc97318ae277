namespace ComputeUtility.Server.Measurements;

/// <summary>A latency figure as published: milliseconds at p50 and p99, over how many samples.</summary>
internal sealed record LatencyFigure(double P50, double P99, long Samples);
