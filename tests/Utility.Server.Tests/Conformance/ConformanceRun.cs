using ComputeUtility.Conformance.Running;

namespace ComputeUtility.Server.Tests.Conformance;

/// <summary>
/// Our utility, configured as an owner would to be checked (the suite's origin allow-listed, short
/// deadlines so the suite waits less), and the conformance suite run against it in-process.
/// </summary>
internal static class ConformanceRun
{
    public static async Task<(SuiteReport Report, string Output)> RunAsync(string? fault, IReadOnlyList<string> profiles,
        IReadOnlyList<string>? only = null, IReadOnlyDictionary<string, string?>? extra = null,
        Func<IServiceProvider, string?>? accessToken = null)
    {
        var port = FreePort();
        var origin = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string?>
        {
            ["Packages:AllowPrivateHosts"] = "false",
            ["Packages:AllowedOrigins:0"] = origin,
            ["Cors:AllowedOrigins:0"] = origin,
            ["Limits:MessageDeadlineMs"] = "1000",
            ["Limits:TaskDeadlineMs"] = "4000", // the suite's tasks run the hello guest well inside it even on a loaded machine
            // The suite's size-cap check streams the cap plus a margin; 4 MiB (the suite's own modules are a few KiB)
            // keeps that quick on a loaded machine, where 64 MiB took longer than the fetch timeout.
            ["Limits:MaxModuleBytes"] = "4194304",
            ["Limits:IdleTimeoutSeconds"] = "5",
            ["Limits:HeartbeatIntervalMs"] = "500", // channel.heartbeat-silence waits 3 intervals, within the idle timeout
            ["Limits:MaxWorkers"] = "16",
            // The default budgets, enforced on loopback: the suite paces itself and probes them (api.rate-limits).
            ["RateLimits:ExemptLoopback"] = "false",
            ["Testing:Fault"] = fault,
            ["Discovery:Enabled"] = profiles.Contains("discovery") ? "true" : "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        await using var factory = new UtilityFactory(settings);
        factory.Start();
        var output = new StringWriter();
        var report = await new SuiteRunner(output).RunAsync(new SuiteSettings
        {
            Target = factory.BaseUri,
            Profiles = profiles,
            OriginBind = new IPEndPoint(IPAddress.Loopback, port),
            Only = only ?? [],
            AccessToken = accessToken?.Invoke(factory.Services),
        });
        return (report, output.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
