using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using ComputeUtility.Server.Access;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Measurements;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.RateLimits;
using ComputeUtility.Server.Sandbox;
using ComputeUtility.Server.Tasks;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Descriptor;

/// <summary>Builds the descriptor from configuration and live state; the version moves when the non-live part changes.</summary>
internal sealed class DescriptorBuilder(
    IOptions<LimitsOptions> limits,
    IOptions<UtilityOptions> utility,
    IOptions<RateLimits.RateLimitOptions> rateLimits,
    OriginPolicy origins,
    WorkerRegistry workers,
    TaskSlots tasks,
    LatencyBook latency,
    CpuMeter cpu,
    UtilitySecret secret)
{
    public const string ApiVersion = "1.0";
    public const string WellKnownPath = WellKnownPaths.Descriptor;

    /// <summary>The optional parts of the spec this implementation offers.</summary>
    public static readonly IReadOnlyList<string> Features = ["workers", "channel.websocket", "channel.http", "tasks", "estimates", "snapshots", "snapshots.live"];

    private readonly Lock _gate = new();
    /// <summary>
    /// The full descriptor's id, the same across restarts of one installation: derived from its secret, under a label that no
    /// serialised origin can equal, so it is unrelated to every id a page origin is shown (CU-DESC-12).
    /// </summary>
    private readonly Lazy<string> _id = new(() => secret.IdFor(InstallationLabel));

    private const string InstallationLabel = "compute-utility installation";
    private byte[] _staticHash = [];
    private long _version;

    /// <param name="authentication">What this caller needs to create work (<see cref="Access.AccessPolicy"/>); it depends on
    /// where the caller is, so it does not move the version.</param>
    public DescriptorDocument Build(string selfAuthority, string authentication = Access.AccessPolicy.NoAuthentication)
    {
        var policies = new DescriptorDocument.PolicyInfo(
            origins.AllowedOrigins.Order(StringComparer.Ordinal).ToArray(),
            SameOriginRequired: true,
            origins.PrivateHostsAllowed,
            IntegrityRequired: true,
            ["sha256", "sha384", "sha512"],
            Authentication: authentication);
        var runtime = new DescriptorDocument.RuntimeInfo("wasmtime", WasmRuntime.Version, [GuestAbi.Version], ["preview1"],
            WasmRuntime.Features);
        var hardware = new DescriptorDocument.HardwareInfo(Environment.ProcessorCount,
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux" : RuntimeInformation.OSDescription, []);
        var name = string.IsNullOrWhiteSpace(utility.Value.Name) ? Environment.MachineName : utility.Value.Name;
        var links = new Dictionary<string, string>
        {
            ["self"] = WellKnownPath,
            ["workers"] = "/v1/workers",
            ["tasks"] = "/v1/tasks",
            ["estimates"] = "/v1/estimates",
            ["openapi"] = "/spec/openapi.yaml",
            ["docs"] = "/docs",
            ["health"] = "/healthz",
        };
        if (selfAuthority.Length > 0)
        {
            links["demo"] = "/demo/";
        }

        var rates = RateLimits.RateLimitsView.Of(rateLimits.Value);
        var version = VersionOf(name, runtime, limits.Value, hardware, policies with { Authentication = "" }, rates);
        var running = workers.All.Where(w => w.State == WorkerState.Running).ToArray();
        var utilization = cpu.Read();
        return new DescriptorDocument(
            ApiVersion, version, _id.Value, name,
            new DescriptorDocument.ImplementationInfo("compute-utility", typeof(DescriptorBuilder).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"),
            [runtime], limits.Value, hardware,
            new DescriptorDocument.LoadInfo(running.Length, tasks.Running, running.Sum(w => w.QueuedMessages) + tasks.Waiting, utilization,
                PressureState.Of(utilization, tasks.Waiting, running.Length, limits.Value.MaxWorkers)),
            new DescriptorDocument.LatencyInfo(latency.WorkerStart.Snapshot(), latency.Message.Snapshot(), latency.Task.Snapshot()),
            policies, rates, Features, links);
    }

    private long VersionOf(params object[] parts)
    {
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(parts, JsonDefaults.Options));
        lock (_gate)
        {
            if (!hash.AsSpan().SequenceEqual(_staticHash))
            {
                _staticHash = hash;
                _version++;
            }

            return _version;
        }
    }
}
