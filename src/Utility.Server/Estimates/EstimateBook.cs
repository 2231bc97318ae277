using System.Collections.Concurrent;

namespace ComputeUtility.Server.Estimates;

/// <summary>What the utility has learned about each package's run time, by manifest digest.</summary>
internal sealed class EstimateBook
{
    private readonly ConcurrentDictionary<string, RunStatistics> _byPackage = new(StringComparer.Ordinal);

    public void Record(string packageKey, long inputBytes, TimeSpan elapsed) =>
        _byPackage.GetOrAdd(packageKey, _ => new RunStatistics()).Record(inputBytes, elapsed.TotalMilliseconds);

    public (double Milliseconds, double Confidence, long Runs) Predict(string packageKey, long inputBytes) =>
        _byPackage.TryGetValue(packageKey, out var statistics) ? statistics.Predict(inputBytes) : (0, 0, 0);
}
