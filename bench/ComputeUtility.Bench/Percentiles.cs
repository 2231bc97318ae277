namespace ComputeUtility.Bench;

/// <summary>Nearest-rank percentiles over a finished sample (the same rule as the server's descriptor uses).</summary>
internal sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> samples)
    {
        _sorted = [.. samples];
        if (_sorted.Length == 0)
        {
            throw new BenchFailure("no samples to take percentiles of");
        }

        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double P50 => At(0.50);

    public double P99 => At(0.99);

    public double Max => _sorted[^1];

    public double At(double p) => _sorted[(int)Math.Clamp(Math.Ceiling(p * _sorted.Length) - 1, 0, _sorted.Length - 1)];
}
