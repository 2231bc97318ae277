using System.Diagnostics;

namespace ComputeUtility.Bench;

/// <summary>
/// The calls the bench makes with <see cref="UtilityClient"/>: on demo packages, timed as the client sees them,
/// and with a refusal turned into a <see cref="BenchFailure"/> that names the step.
/// </summary>
internal static class UtilityCalls
{
    public static async Task<CreatedWorker> CreateWorkerAsync(this UtilityClient client, DemoPackage package, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var worker = await Step("POST /v1/workers", client.CreateWorkerAsync(package.ManifestUrl(client.Utility), package.Integrity, cancellationToken));
        var clientMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        // The channel link is built from the request's Host, which is our loopback address; re-check anyway.
        if (worker.Channel.Authority != client.Utility.Authority)
        {
            throw new BenchFailure($"POST /v1/workers: channel link {worker.Channel} is not on {client.Utility}");
        }

        return new CreatedWorker(worker, clientMs);
    }

    /// <summary>The worker's <c>state</c> (running, terminated, failed), or "gone" once the utility has forgotten it.</summary>
    public static async Task<string> WorkerStateAsync(this UtilityClient client, CreatedWorker worker, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetWorkerAsync(worker.Worker, cancellationToken)).State;
        }
        catch (UtilityProblemException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return "gone";
        }
        catch (UtilityProblemException ex)
        {
            throw new BenchFailure("GET /v1/workers/{id}: " + ex.Message, ex);
        }
    }

    public static Task DeleteWorkerAsync(this UtilityClient client, CreatedWorker worker, CancellationToken cancellationToken) =>
        Step("DELETE /v1/workers/{id}", client.DeleteWorkerAsync(worker.Worker, cancellationToken));

    public static async Task<TaskOutcome> RunTaskAsync(this UtilityClient client, DemoPackage package, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await Step("POST /v1/tasks", client.RunTaskAsync(package.ManifestUrl(client.Utility), package.Integrity, args, cancellationToken: cancellationToken));
        var clientMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new TaskOutcome(result.ExitCode, result.Stdout, result.Stderr, result.DurationMs, clientMs);
    }

    /// <summary>The descriptor's <c>latency.workerStartMs</c>; null before the server recorded a start.</summary>
    public static async Task<ServerLatency?> WorkerStartLatencyAsync(this UtilityClient client, CancellationToken cancellationToken)
    {
        var descriptor = await Step("GET /.well-known/compute-utility", client.GetDescriptorAsync(cancellationToken));
        if (!descriptor.Json.TryGetProperty("latency", out var latency) || !latency.TryGetProperty("workerStartMs", out var figure)
            || figure.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new ServerLatency(Number(figure, "p50") ?? double.NaN, Number(figure, "p99") ?? double.NaN, (long)(Number(figure, "samples") ?? 0));
    }

    private static double? Number(JsonElement figure, string name) =>
        figure.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static async Task Step(string what, Task call)
    {
        try
        {
            await call;
        }
        catch (UtilityProblemException ex)
        {
            throw new BenchFailure($"{what}: {ex.Message}", ex);
        }
    }

    private static async Task<T> Step<T>(string what, Task<T> call)
    {
        try
        {
            return await call;
        }
        catch (UtilityProblemException ex)
        {
            throw new BenchFailure($"{what}: {ex.Message}", ex);
        }
    }
}
