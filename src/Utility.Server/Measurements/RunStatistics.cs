namespace ComputeUtility.Server.Measurements;

/// <summary>
/// Online least-squares fit of run time against input size for one package, with older runs
/// fading (each new run weighs a little more than the one before), as a regression model of
/// compute time should follow a utility whose load changes.
/// </summary>
internal sealed class RunStatistics
{
    private const double Fade = 0.98;
    private readonly Lock _gate = new();
    private double _w, _x, _y, _xx, _xy, _yy;
    private long _runs;

    public long Runs
    {
        get
        {
            lock (_gate)
            {
                return _runs;
            }
        }
    }

    public void Record(long inputBytes, double milliseconds)
    {
        lock (_gate)
        {
            _w = (_w * Fade) + 1;
            _x = (_x * Fade) + inputBytes;
            _y = (_y * Fade) + milliseconds;
            _xx = (_xx * Fade) + ((double)inputBytes * inputBytes);
            _xy = (_xy * Fade) + (inputBytes * milliseconds);
            _yy = (_yy * Fade) + (milliseconds * milliseconds);
            _runs++;
        }
    }

    /// <summary>Expected milliseconds for <paramref name="inputBytes"/>, how confident (0–1), and the runs behind it.</summary>
    public (double Milliseconds, double Confidence, long Runs) Predict(long inputBytes)
    {
        lock (_gate)
        {
            if (_runs == 0)
            {
                return (0, 0, 0);
            }

            var meanX = _x / _w;
            var meanY = _y / _w;
            var varX = (_xx / _w) - (meanX * meanX);
            var covXY = (_xy / _w) - (meanX * meanY);
            var varY = Math.Max((_yy / _w) - (meanY * meanY), 0);

            // With inputs all of one size there is no slope to learn: the mean is the estimate.
            var slope = varX > 1e-9 ? Math.Max(covXY / varX, 0) : 0;
            var predicted = Math.Max(meanY + (slope * (inputBytes - meanX)), 0);

            // Confidence grows with the number of runs and falls with their spread around the fit.
            var residual = varX > 1e-9 ? Math.Max(varY - (covXY * covXY / varX), 0) : varY;
            var spread = meanY > 0 ? Math.Sqrt(residual) / meanY : 0;
            var confidence = Math.Clamp((1 - Math.Exp(-_runs / 5.0)) / (1 + spread), 0, 1);
            return (predicted, Math.Round(confidence, 3), _runs);
        }
    }
}
