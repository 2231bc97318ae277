namespace ComputeUtility.Client;

/// <summary>What one job would cost on a utility (spec section 12); add your own round trip and transfer time to <see cref="TotalMs"/>.</summary>
/// <param name="QueueMs">Expected wait before the job starts.</param>
/// <param name="ComputeMs">Expected time of the job inside the utility.</param>
/// <param name="TotalMs"><see cref="QueueMs"/> plus <see cref="ComputeMs"/>.</param>
/// <param name="Confidence">0 (a guess) to 1 (many recent, consistent runs).</param>
/// <param name="BasedOnRuns">How many past runs of the package the figure is learned from.</param>
public sealed record Estimate(double QueueMs, double ComputeMs, double TotalMs, double Confidence, long BasedOnRuns);
