using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ComputeUtility.Server.Telemetry;

/// <summary>
/// The utility's meter (<see cref="MeterName"/>): one method per measurement, called from the point where it happens.
/// Cheap when nobody listens; read at <c>/metrics</c> or exported over OTLP.
/// </summary>
internal sealed class UtilityMetrics
{
    public const string MeterName = "ComputeUtility.Server";

    private readonly TimeProvider _time;
    private readonly UpDownCounter<long> _workersRunning;
    private readonly Counter<long> _workersCreated;
    private readonly Counter<long> _messagesIn;
    private readonly Counter<long> _messagesOut;
    private readonly Counter<long> _deadlines;
    private readonly Counter<long> _tasks;
    private readonly Counter<long> _packageFetches;
    private readonly Counter<long> _packageCacheHits;
    private readonly Histogram<double> _compileTime;
    private readonly Counter<long> _snapshotBytes;

    public UtilityMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create(MeterName);
        _workersRunning = meter.CreateUpDownCounter<long>("cu.workers.running", "{worker}", "Workers running now");
        _workersCreated = meter.CreateCounter<long>("cu.workers.created", "{worker}", "Workers started, new or restored from a snapshot");
        _messagesIn = meter.CreateCounter<long>("cu.messages.in", "{message}", "Messages delivered to guests");
        _messagesOut = meter.CreateCounter<long>("cu.messages.out", "{message}", "Messages guests sent");
        _deadlines = meter.CreateCounter<long>("cu.deadlines", "{deadline}", "Guests stopped at their deadline, by kind (message, task)");
        _tasks = meter.CreateCounter<long>("cu.tasks", "{task}", "Tasks run, by outcome (ok, deadline, failed)");
        _packageFetches = meter.CreateCounter<long>("cu.package.fetches", "{fetch}", "Package files fetched from an origin, by file (manifest, module) and outcome (ok, failed)");
        _packageCacheHits = meter.CreateCounter<long>("cu.package.cache.hits", "{hit}", "Package files served from the cache instead of their origin, by file");
        _compileTime = meter.CreateHistogram<double>("cu.module.compile.duration", "s", "Time to compile a module, by outcome");
        _snapshotBytes = meter.CreateCounter<long>("cu.snapshot.size", "By", "Snapshot bytes, by direction (captured, restored)");
    }

    public void WorkerStarted()
    {
        _workersCreated.Add(1);
        _workersRunning.Add(1);
    }

    /// <param name="deadline">The worker was stopped because a message ran past its deadline.</param>
    public void WorkerEnded(bool deadline)
    {
        _workersRunning.Add(-1);
        if (deadline)
        {
            _deadlines.Add(1, new KeyValuePair<string, object?>("kind", "message"));
        }
    }

    public void MessageIn() => _messagesIn.Add(1);

    public void MessageOut() => _messagesOut.Add(1);

    public void PackageCacheHit(string file) => _packageCacheHits.Add(1, new KeyValuePair<string, object?>("file", file));

    public void SnapshotCaptured(long bytes) => _snapshotBytes.Add(bytes, new KeyValuePair<string, object?>("direction", "captured"));

    /// <summary>Runs a task's guest call and counts it by outcome; <paramref name="isDeadline"/> tells a deadline from other failures.</summary>
    public async Task<T> TaskAsync<T>(Task<T> run, Func<Exception, bool> isDeadline)
    {
        try
        {
            var result = await run;
            _tasks.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
            return result;
        }
        catch (Exception ex)
        {
            var deadline = isDeadline(ex);
            _tasks.Add(1, new KeyValuePair<string, object?>("outcome", deadline ? "deadline" : "failed"));
            if (deadline)
            {
                _deadlines.Add(1, new KeyValuePair<string, object?>("kind", "task"));
            }

            throw;
        }
    }

    public MeasuredOperation WorkerCreate() =>
        new(UtilityActivities.Source.StartActivity(UtilityActivities.WorkerCreate), _time, null);

    public MeasuredOperation PackageFetch(string file, Uri url)
    {
        var activity = UtilityActivities.Source.StartActivity(UtilityActivities.PackageFetch);
        activity?.SetTag("cu.package.file", file);
        activity?.SetTag("url.full", url.ToString());
        return new(activity, _time, (ok, _) => _packageFetches.Add(1,
            new KeyValuePair<string, object?>("file", file), new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed")));
    }

    public MeasuredOperation Compile(string module)
    {
        var activity = UtilityActivities.Source.StartActivity(UtilityActivities.ModuleCompile);
        activity?.SetTag("cu.module.name", module);
        return new(activity, _time, (ok, elapsed) => _compileTime.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed")));
    }

    public MeasuredOperation SnapshotRestore(long bytes)
    {
        var activity = UtilityActivities.Source.StartActivity(UtilityActivities.SnapshotRestore, ActivityKind.Internal);
        activity?.SetTag("cu.snapshot.bytes", bytes);
        return new(activity, _time, (ok, _) =>
        {
            if (ok)
            {
                _snapshotBytes.Add(bytes, new KeyValuePair<string, object?>("direction", "restored"));
            }
        });
    }
}
