using System.Diagnostics;

namespace ComputeUtility.Server.Descriptor;

/// <summary>The utility process's CPU use since the previous reading, as a fraction of all cores.</summary>
internal sealed class CpuMeter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan> _processorTime;
    private TimeSpan _lastCpu;
    private long _lastStamp;
    private double _last;

    public CpuMeter(TimeProvider time)
        : this(time, static () => Process.GetCurrentProcess().TotalProcessorTime)
    {
    }

    /// <param name="time">The clock the reading's interval is measured on.</param>
    /// <param name="processorTime">The process's CPU time so far; tests give their own to set the load.</param>
    internal CpuMeter(TimeProvider time, Func<TimeSpan> processorTime)
    {
        _time = time;
        _processorTime = processorTime;
        _lastCpu = processorTime();
        _lastStamp = time.GetTimestamp();
    }

    public double Read()
    {
        lock (_gate)
        {
            var elapsed = _time.GetElapsedTime(_lastStamp);
            if (elapsed < TimeSpan.FromMilliseconds(250))
            {
                return _last;
            }

            var cpu = _processorTime();
            _last = Math.Round(Math.Clamp((cpu - _lastCpu) / elapsed / Environment.ProcessorCount, 0, 1), 3);
            _lastCpu = cpu;
            _lastStamp = _time.GetTimestamp();
            return _last;
        }
    }
}
