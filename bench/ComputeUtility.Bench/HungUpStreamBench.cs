using System.Diagnostics;
using System.Net.Sockets;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 12: clients that open an idle worker's event stream and hang up (as <c>curl -N -m 2</c> does), a thousand times,
/// on a server of its own with a 10 s idle timeout. Then: the server's CPU (cores, from /proc) over the next 5 s and the
/// 5 s after, <c>/healthz</c> latency, and whether that worker and a control worker end idle on time.
/// </summary>
internal sealed class HungUpStreamBench(string? serverDll, IReadOnlyList<string> serverArgs, int streams)
{
    private const int IdleTimeoutSeconds = 10;
    private const int AtOnce = 50;
    private const double IdleCores = 0.05;
    private static readonly TimeSpan HoldOpen = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan HeadWithin = TimeSpan.FromSeconds(10);
    private static readonly double TicksPerSecond = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s

    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        if (serverDll is null)
        {
            throw new BenchFailure("row 12 starts a server of its own: pass --server-dll (bench/run.sh does)");
        }

        using var server = await UtilityProcess.StartAsync(serverDll, TimeSpan.FromSeconds(30),
            ["--Discovery:Enabled=false", "--Logging:LogLevel:Default=Warning", $"--Limits:IdleTimeoutSeconds={IdleTimeoutSeconds}", .. serverArgs]);
        using var client = new UtilityClient(server.Url);
        using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var target = await client.CreateWorkerAsync(DemoPackage.Echo, budget.Token);
        var control = await client.CreateWorkerAsync(DemoPackage.Echo, budget.Token);
        var idleBefore = await CoresAsync(server.Pid, TimeSpan.FromSeconds(3));

        var opened = 0;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < streams && !budget.IsCancellationRequested; done += AtOnce)
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, Math.Min(AtOnce, streams - done))
                .Select(_ => OpenAndHangUpAsync(server.Url, target, budget.Token)));
            opened += outcomes.Count(o => o);
            refused += outcomes.Count(o => !o);
        }

        var hungUpAt = clock.Elapsed;
        var cpuBySecond = new List<double>();
        for (var second = 0; second < 10; second++)
        {
            cpuBySecond.Add(await CoresAsync(server.Pid, TimeSpan.FromSeconds(1)));
        }

        var health = await HealthLatencyAsync(server.Url);
        var targetEnded = await EndedAfterAsync(client, target, clock, hungUpAt, budget.Token);
        var controlState = await client.WorkerStateAsync(control, budget.Token);

        static string Seconds(double? s) => s is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "still running";
        var idleOnTime = targetEnded is { } t && t <= IdleTimeoutSeconds + 15;
        var cpuBack = cpuBySecond.Skip(5).All(c => c <= IdleCores);
        return
        [
            new("12a", $"Hung-up event streams: {streams} opened on an idle worker, each closed by its client",
                $"{opened} answered, {refused} not answered within {HeadWithin.TotalSeconds:0} s; in {hungUpAt.TotalSeconds:0.0} s",
                "all answered", ResultRow.Check(refused == 0)),
            new("12b", "Server CPU after the last hang-up (cores)",
                $"before {idleBefore:0.000}; each second after: {string.Join(" ", cpuBySecond.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))}",
                $"≤ {IdleCores} from the 5th second on", ResultRow.Check(cpuBack)),
            new("12c", "/healthz after the hang-ups (ms)",
                health.Answered == 0 ? $"no answer in {health.Asked} tries (5 s each)"
                    : $"p50 {health.Latency!.P50:0.0}, max {health.Latency.Max:0.0} ({health.Answered} of {health.Asked} answered)",
                "answers", ResultRow.Check(health.Answered == health.Asked)),
            new("12d", $"Idle timeout ({IdleTimeoutSeconds} s) after the hang-ups",
                $"worker with the streams ended {Seconds(targetEnded)} after its last stream; the control worker (no streams) by then: {controlState}",
                "ends on time", ResultRow.Check(idleOnTime)),
        ];
    }

    /// <summary>Opens the event stream, waits for the response head, holds it briefly, hangs up (FIN). False when no head came.</summary>
    private static async Task<bool> OpenAndHangUpAsync(Uri server, CreatedWorker worker, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        using var within = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        within.CancelAfter(HeadWithin);
        try
        {
            await tcp.ConnectAsync(server.Host, server.Port, within.Token);
            var network = tcp.GetStream();
            var request = $"GET /v1/workers/{worker.Id}/events?access_token={worker.Token} HTTP/1.1\r\nHost: {server.Authority}\r\n\r\n";
            await network.WriteAsync(Encoding.ASCII.GetBytes(request), within.Token);
            var head = new StringBuilder();
            var buffer = new byte[1024];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await network.ReadAsync(buffer, within.Token);
                if (read == 0)
                {
                    return false;
                }

                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            await Task.Delay(HoldOpen, cancellationToken);
            tcp.Client.Shutdown(SocketShutdown.Both);
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
        {
            return false;
        }
    }

    /// <summary>The server's CPU use over <paramref name="window"/>, in cores (user + system time / wall time).</summary>
    private static async Task<double> CoresAsync(int pid, TimeSpan window)
    {
        var before = CpuSeconds(pid);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        return (CpuSeconds(pid) - before) / clock.Elapsed.TotalSeconds;
    }

    private static double CpuSeconds(int pid)
    {
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is 14th, stime 15th.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static async Task<(int Asked, int Answered, Percentiles? Latency)> HealthLatencyAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(5) };
        var samples = new List<double>();
        const int asked = 20;
        for (var i = 0; i < asked; i++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Counted as not answered.
            }
        }

        return (asked, samples.Count, samples.Count > 0 ? new Percentiles(samples) : null);
    }

    /// <summary>Seconds from <paramref name="from"/> (on <paramref name="clock"/>) until the worker is no longer running; null if it still runs 40 s past its idle timeout.</summary>
    private static async Task<double?> EndedAfterAsync(UtilityClient client, CreatedWorker worker, Stopwatch clock, TimeSpan from, CancellationToken cancellationToken)
    {
        while (clock.Elapsed - from < TimeSpan.FromSeconds(IdleTimeoutSeconds + 40))
        {
            var state = await client.WorkerStateAsync(worker, cancellationToken);
            if (state != "running")
            {
                return (clock.Elapsed - from).TotalSeconds;
            }

            await Task.Delay(250, cancellationToken);
        }

        return null;
    }
}
