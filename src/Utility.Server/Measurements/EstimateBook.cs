using System.Collections.Concurrent;
using ComputeUtility.Server.Http;

namespace ComputeUtility.Server.Measurements;

/// <summary>
/// What the utility has learned about each package's run time, by page origin and manifest digest: runs asked for by one
/// origin never inform another origin's estimate (CU-EST-6).
/// </summary>
internal sealed class EstimateBook
{
    private readonly ConcurrentDictionary<string, RunStatistics> _byPackage = new(StringComparer.Ordinal);

    /// <param name="partition">The page origin the run was asked for (<see cref="Http.PagePartition"/>).</param>
    public void Record(string partition, string packageKey, long inputBytes, TimeSpan elapsed) =>
        _byPackage.GetOrAdd(Http.PagePartition.Key(partition, packageKey), _ => new RunStatistics()).Record(inputBytes, elapsed.TotalMilliseconds);

    public (double Milliseconds, double Confidence, long Runs) Predict(string partition, string packageKey, long inputBytes) =>
        _byPackage.TryGetValue(Http.PagePartition.Key(partition, packageKey), out var statistics) ? statistics.Predict(inputBytes) : (0, 0, 0);
}
