using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Http;

/// <summary>Tells request handlers the utility is stopping, so new work is refused with shutting-down.</summary>
internal sealed class ShutdownGate(IHostApplicationLifetime lifetime)
{
    public bool Stopping => lifetime.ApplicationStopping.IsCancellationRequested;

    public CancellationToken Token => lifetime.ApplicationStopping;

    public void ThrowIfStopping()
    {
        if (Stopping)
        {
            throw new ProblemException(ProblemTypes.ShuttingDown, "The utility is shutting down; use another one.")
                { RetryAfterSeconds = 30 };
        }
    }
}
