using System.Runtime.CompilerServices;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Logging;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Workers;

/// <summary>
/// Ends idle and orphaned workers, forgets ended ones once their last events had time to be read, and on
/// shutdown ends every worker with reason "shutdown" so each channel closes with a reason.
/// </summary>
internal sealed partial class WorkerJanitor(
    WorkerRegistry registry,
    IEnumerable<IWorkerBoundStore> boundStores,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    IOptions<LimitsOptions> limits,
    MemoryTrimmer trimmer,
    RetentionBudget retention,
    ILogger<WorkerJanitor> logger) : IHostedService, IDisposable
{
    /// <summary>How long an ended worker's final events stay readable.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromSeconds(60);

    private ITimer? _timer;
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(limits.Value.OrphanTimeoutSeconds / 4.0, 0.25, 10));
        _timer = time.CreateTimer(_ => Sweep(), null, period, period);
        _stopping = lifetime.ApplicationStopping.Register(EndAll);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One pass: end workers idle past the timeout, drop ended workers past retention, give memory back.</summary>
    public void Sweep()
    {
        var forgotten = EndIdleAndForgetEnded();

        // Only now, outside the frame that walked the registry: a collection made while that frame's snapshot of
        // the workers is still on the stack keeps every forgotten worker alive, and an idle server collects no more.
        trimmer.AfterSweep(forgotten, registry.RunningCount);
        foreach (var store in boundStores)
        {
            store.Sweep(id => registry.Find(id) is not null);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int EndIdleAndForgetEnded()
    {
        var now = time.GetUtcNow();
        var idleLimit = TimeSpan.FromSeconds(limits.Value.IdleTimeoutSeconds);
        var orphanLimit = TimeSpan.FromSeconds(limits.Value.OrphanTimeoutSeconds);
        var forgotten = 0;
        foreach (var worker in registry.All)
        {
            // Orphaned first: a worker whose page went away and that is idle too ended because the page went (CU-WRK-17).
            if (worker.State == WorkerState.Running && !worker.Connected && now - worker.ClientLastSeenAt > orphanLimit)
            {
                LogOrphaned(logger, worker.Id);
                _ = worker.TerminateAsync(ExitReasons.Orphaned);
            }
            else if (worker.State == WorkerState.Running && !worker.Connected && now - worker.LastActivityAt > idleLimit)
            {
                LogIdle(logger, worker.Id);
                _ = worker.TerminateAsync(ExitReasons.IdleTimeout);
            }
            else if (worker.EndedAt is { } ended && now - ended > Retention && registry.Remove(worker))
            {
                forgotten++;
            }
        }

        return forgotten + retention.Enforce();
    }

    private void EndAll()
    {
        var ending = registry.All.Select(w => w.TerminateAsync(ExitReasons.Shutdown)).ToArray();
        LogShutdown(logger, ending.Length);
        Task.WaitAll(ending, TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = LogEvents.WorkerIdle, Level = LogLevel.Information, Message = "Worker {WorkerId} ended after being idle")]
    private static partial void LogIdle(ILogger logger, string workerId);

    [LoggerMessage(EventId = LogEvents.WorkerOrphaned, Level = LogLevel.Information, Message = "Worker {WorkerId} ended: its client went away")]
    private static partial void LogOrphaned(ILogger logger, string workerId);

    [LoggerMessage(EventId = LogEvents.ShuttingDown, Level = LogLevel.Information, Message = "Shutting down: ending {Count} workers")]
    private static partial void LogShutdown(ILogger logger, int count);
}
