namespace ComputeUtility.Bench;

/// <summary>A latency figure from the descriptor (<c>latency.*</c>): the server's rolling window of recent samples.</summary>
internal sealed record ServerLatency(double P50, double P99, long Samples);
