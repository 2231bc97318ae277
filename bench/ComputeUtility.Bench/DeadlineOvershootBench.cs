using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 15: how far past its deadline a runaway guest's error arrives while the machine is loaded at twice its cores.
/// A server of its own with <c>messageDeadlineMs</c> 500 (the deadline of the issue's failed CI run); 2 × cores
/// runaway tasks at a time (each stopped at <c>taskDeadlineMs</c> 10 s, then posted again) keep guest threads on every core;
/// meanwhile, one at a time, a runaway worker (cu_on_message never returns) gets one message over its WebSocket.
/// Overshoot = from the message sent to its <c>error</c> event − 500 ms; the server's own figure (how long the guest had
/// run when the tick stopped it, from the error's detail) − 500 ms is shown beside it. Bounded by count and time.
/// </summary>
internal sealed partial class DeadlineOvershootBench(BenchOptions options)
{
    private const int DeadlineMs = 500;
    private const double GoalMs = 100;
    private const int LoadTaskMs = 10_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        if (options.ServerDll is null)
        {
            throw new BenchFailure("row 15 needs --server-dll to start its own server");
        }

        string[] args = ["--Packages:AllowPrivateHosts=true", "--Discovery:Enabled=false", "--Logging:LogLevel:Default=Warning",
            "--RateLimits:ExemptLoopback=true", $"--Limits:MessageDeadlineMs={DeadlineMs}", $"--Limits:TaskDeadlineMs={LoadTaskMs}", .. options.ServerArgs];
        using var origin = new GuestOrigin([
            ("runaway-task", "command", RunawayGuests.Command),
            ("runaway-worker", "reactor", RunawayGuests.Reactor),
        ]);
        using var server = await UtilityProcess.StartAsync(options.ServerDll, TimeSpan.FromSeconds(30), args);
        using var client = new UtilityClient(server.Url);
        using var deadline = new Deadline("row 15", Budget);
        var loadWorkers = 2 * Environment.ProcessorCount; // busy guests at once
        var probes = options.Quick ? 5 : 40;

        // The worker's module compiled first (a client compiles one module at a time; the load tasks retry a 429).
        await client.DeleteWorkerAsync(await deadline.Within(client.CreateWorkerAsync(origin.ManifestUrlOf("runaway-worker"),
            origin.IntegrityOf("runaway-worker"), deadline.Token), "compiling the runaway worker"), deadline.Token);

        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var load = Enumerable.Range(0, loadWorkers).Select(_ => Task.Run(() => LoadAsync(client, origin, stopLoad.Token))).ToList();
        await Task.Delay(2_000, deadline.Token); // the load first (its module compiled, every busy guest started)
        var arrivals = new List<double>(probes);
        var stops = new List<double>(probes);
        var wrong = new List<string>();
        for (var i = 0; i < probes && !deadline.Token.IsCancellationRequested; i++)
        {
            var probe = await deadline.Within(ProbeAsync(client, origin, deadline.Token), $"runaway probe {i + 1}");
            if (probe.What is not null)
            {
                wrong.Add(probe.What);
                continue;
            }

            arrivals.Add(probe.ClientMs - DeadlineMs);
            if (probe.ServerMs is { } ran)
            {
                stops.Add(ran - DeadlineMs);
            }
        }

        await stopLoad.CancelAsync();
        var loadReplies = (await Task.WhenAll(load)).Sum();
        var late = new Percentiles(arrivals.DefaultIfEmpty(double.NaN));
        var stoppedAt = stops.Count > 0 ? new Percentiles(stops) : null;
        var result = Invariant($"error event − deadline: p50 {late.P50:0} ms, p99 {late.P99:0} ms, max {late.Max:0} ms (n={arrivals.Count}); ")
            + (stoppedAt is null ? "server figure n/a" : Invariant($"server's own figure (guest stopped after − deadline): p50 {stoppedAt.P50:0} ms, p99 {stoppedAt.P99:0} ms, max {stoppedAt.Max:0} ms"))
            + Invariant($"; load: {loadWorkers} runaway tasks at a time ({LoadTaskMs / 1000} s each, {loadReplies} ended during the probes)")
            + (wrong.Count > 0 ? "; OTHER OUTCOMES: " + string.Join(", ", wrong.Distinct()) : "");
        return
        [
            new ResultRow("15", Invariant($"Deadline overshoot, runaway worker, messageDeadlineMs {DeadlineMs}, machine loaded at 2× its cores (ms)"),
                result, Invariant($"p99 ≤ {GoalMs:0} ms"), ResultRow.Check(wrong.Count == 0 && arrivals.Count > 0 && late.P99 <= GoalMs)),
        ];
    }

    /// <summary>One busy guest: runaway tasks one after another (each stopped at taskDeadlineMs), until stopped; returns how many ended.</summary>
    private static async Task<int> LoadAsync(UtilityClient client, GuestOrigin origin, CancellationToken stop)
    {
        var ended = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await client.RunTaskAsync(origin.ManifestUrlOf("runaway-task"), origin.IntegrityOf("runaway-task"), cancellationToken: stop);
            }
            catch (UtilityProblemException ex) when (ex.Type.EndsWith("deadline-exceeded", StringComparison.Ordinal))
            {
                ended++;
            }
            catch (UtilityBusyException)
            {
                await Task.Delay(200, CancellationToken.None); // another load task is compiling the module (one per client at once)
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
            {
                break;
            }
        }

        return ended;
    }

    private static async Task<Probe> ProbeAsync(UtilityClient client, GuestOrigin origin, CancellationToken cancellationToken)
    {
        var worker = await client.CreateWorkerAsync(origin.ManifestUrlOf("runaway-worker"), origin.IntegrityOf("runaway-worker"), cancellationToken);
        await using var channel = await client.OpenChannelAsync(worker, cancellationToken: cancellationToken);
        await channel.SendAsync("{\"spin\":true}", cancellationToken);
        var sent = Stopwatch.GetTimestamp();
        await foreach (var item in channel.ReadEventsAsync(cancellationToken))
        {
            if (item.Kind is "error" or "exit")
            {
                var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                var text = item.Data.GetRawText();
                if (item.Kind != "error" || !text.Contains("deadline-exceeded", StringComparison.Ordinal))
                {
                    return new Probe(ms, null, $"{item.Kind} {text}");
                }

                var ran = RanMs().Match(item.Data.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "");
                return new Probe(ms, ran.Success ? double.Parse(ran.Groups[1].Value, CultureInfo.InvariantCulture) : null, null);
            }
        }

        return new Probe(0, null, "the channel ended without an error event");
    }

    [GeneratedRegex(@"ran (\d+) ms of its")]
    private static partial Regex RanMs();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Probe(double ClientMs, double? ServerMs, string? What);
}
