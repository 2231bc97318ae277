namespace ComputeUtility.Server.Measurements;

/// <summary>The most recent samples of one latency figure, for p50/p99 in the descriptor.</summary>
internal sealed class LatencySeries(int capacity = 512)
{
    private readonly Lock _gate = new();
    private readonly double[] _samples = new double[capacity];
    private long _count;

    public void Record(TimeSpan elapsed)
    {
        lock (_gate)
        {
            _samples[_count % _samples.Length] = elapsed.TotalMilliseconds;
            _count++;
        }
    }

    /// <summary>Percentiles of the kept samples, or null before the first sample.</summary>
    public LatencyFigure? Snapshot()
    {
        double[] copy;
        long count;
        lock (_gate)
        {
            count = _count;
            if (count == 0)
            {
                return null;
            }

            copy = _samples[..(int)Math.Min(count, _samples.Length)];
        }

        Array.Sort(copy);
        return new LatencyFigure(Percentile(copy, 0.50), Percentile(copy, 0.99), count);
    }

    private static double Percentile(double[] sorted, double p) =>
        Math.Round(sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)], 3);
}
