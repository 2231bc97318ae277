using System.Diagnostics;

namespace ComputeUtility.Server.Descriptor;

/// <summary>The utility process's CPU use since the previous reading, as a fraction of all cores.</summary>
internal sealed class CpuMeter(TimeProvider time)
{
    private readonly Lock _gate = new();
    private TimeSpan _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
    private long _lastStamp = time.GetTimestamp();
    private double _last;

    public double Read()
    {
        lock (_gate)
        {
            var elapsed = time.GetElapsedTime(_lastStamp);
            if (elapsed < TimeSpan.FromMilliseconds(250))
            {
                return _last;
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            _last = Math.Round(Math.Clamp((cpu - _lastCpu) / elapsed / Environment.ProcessorCount, 0, 1), 3);
            _lastCpu = cpu;
            _lastStamp = time.GetTimestamp();
            return _last;
        }
    }
}
