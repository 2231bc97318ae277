using System.Diagnostics;

namespace ComputeUtility.Server.Telemetry;

/// <summary>
/// One traced operation: its span runs until disposed, and it counts as failed unless <see cref="Succeeded"/> was called
/// first, so a measurement point needs no try/catch of its own.
/// </summary>
internal sealed class MeasuredOperation(Activity? activity, TimeProvider time, Action<bool, TimeSpan>? record) : IDisposable
{
    private readonly long _started = time.GetTimestamp();
    private bool _succeeded;
    private bool _disposed;

    public void Succeeded() => _succeeded = true;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        record?.Invoke(_succeeded, time.GetElapsedTime(_started));
        activity?.SetStatus(_succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        activity?.Dispose();
    }
}
