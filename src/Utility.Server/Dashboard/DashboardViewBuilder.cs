using System.Diagnostics;
using ComputeUtility.Discovery.Hosting;
using ComputeUtility.Server.Access;
using ComputeUtility.Server.Descriptor;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Origins;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.RateLimits;
using ComputeUtility.Server.Tasks;
using ComputeUtility.Server.Workers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Dashboard;

/// <summary>Reads the live state and every effective setting into a <see cref="DashboardView"/>.</summary>
internal sealed class DashboardViewBuilder(
    DescriptorBuilder descriptors,
    WorkerRegistry workers,
    TaskSlots tasks,
    CpuMeter cpu,
    AccessTokenStore tokens,
    Origins.PagePermissions permissions,
    Origins.OriginPermissionStore originDecisions,
    Origins.PendingOrigins pendingOrigins,
    RecentLog log,
    IServer server,
    TimeProvider time,
    IOptions<UtilityOptions> utility,
    IOptions<LimitsOptions> limits,
    IOptions<PackagesOptions> packages,
    IOptions<CorsOptions> cors,
    IOptions<LanOptions> lan,
    IOptions<DiscoveryOptions> discovery,
    IOptions<RateLimits.RateLimitOptions> rateLimits)
{
    private readonly DateTimeOffset _startedAt = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>Settings keep the names they have in the settings file (MaxWorkers, not maxWorkers), so the owner can copy them.</summary>
    private static System.Text.Json.JsonElement AsConfigured<T>(T options) => System.Text.Json.JsonSerializer.SerializeToElement(options);

    private DashboardView.OriginsView BuildOrigins()
    {
        var decisions = originDecisions.All;
        var permitted = permissions.Configured.Order(StringComparer.Ordinal)
            .Select(o => new DashboardView.PermittedOriginRow(o, "config", null))
            .Concat(decisions.Where(d => d.Permitted && !permissions.Configured.Contains(d.Origin))
                .Select(d => new DashboardView.PermittedOriginRow(d.Origin, "dashboard", d.DecidedAt)))
            .ToArray();
        return new DashboardView.OriginsView(permissions.AnyOrigin, permitted, decisions.Where(d => !d.Permitted).ToArray(),
            pendingOrigins.All, originDecisions.Path);
    }

    public DashboardView Build()
    {
        var descriptor = descriptors.Build("");
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        var lanOptions = lan.Value;
        var devices = DeviceAddresses.For(lanOptions, listening);
        var running = workers.All.Where(w => w.State == WorkerState.Running).ToArray();
        var process = Process.GetCurrentProcess();
        var load = new DashboardView.LoadView(running.Length, limits.Value.MaxWorkers, tasks.Running, limits.Value.MaxConcurrentTasks,
            running.Sum(w => w.QueuedMessages) + tasks.Waiting, cpu.Read(), process.WorkingSet64, GC.GetTotalMemory(false), GC.GetGCMemoryInfo().TotalCommittedBytes);
        var rows = workers.All
            .OrderBy(w => w.State != WorkerState.Running).ThenByDescending(w => w.CreatedAt)
            .Select(w => new DashboardView.WorkerRow(w.Id, w.State.ToString().ToLowerInvariant(), w.Package.Manifest.Name,
                w.Package.Manifest.Version, w.Package.ManifestUrl.GetLeftPart(UriPartial.Authority), w.MemoryBytes,
                Math.Round(w.CpuTimeMs, 1), w.MessagesIn, w.MessagesOut, w.CreatedAt, w.LastActivityAt, w.Connected))
            .ToArray();
        var pairingBase = devices.FirstOrDefault(d => d.StartsWith("https:", StringComparison.Ordinal)) ?? devices.FirstOrDefault();
        var tokenRows = tokens.All
            .Select(t => new DashboardView.TokenRow(t.Id, t.Label, t.CreatedAt, t.LastUsedAt, t.RevokedAt,
                t.Active && pairingBase is not null ? PairingLink.For(pairingBase, t) : null))
            .ToArray();
        var settings = new Dictionary<string, object>
        {
            ["Urls"] = string.Join(';', listening),
            [UtilityOptions.Section] = AsConfigured(utility.Value),
            [LimitsOptions.Section] = AsConfigured(limits.Value),
            [PackagesOptions.Section] = AsConfigured(packages.Value),
            [CorsOptions.Section] = AsConfigured(cors.Value),
            [LanOptions.Section] = new Dictionary<string, object>
            {
                [nameof(LanOptions.Enabled)] = lanOptions.Enabled,
                [nameof(LanOptions.Address)] = lanOptions.Address,
                [nameof(LanOptions.HttpsPort)] = lanOptions.HttpsPort,
                [nameof(LanOptions.CertificatePath)] = lanOptions.CertificatePath,
                [nameof(LanOptions.CertificateKeyPath)] = lanOptions.CertificateKeyPath,
                [nameof(LanOptions.CertificatePassword)] = lanOptions.CertificatePassword.Length > 0 ? "(set)" : "",
                [nameof(LanOptions.RequireAccessToken)] = lanOptions.RequireAccessToken,
                [nameof(LanOptions.RequireAccessTokenOnLoopback)] = lanOptions.RequireAccessTokenOnLoopback,
                [nameof(LanOptions.AccessTokenFile)] = tokens.Path,
            },
            [RateLimits.RateLimitOptions.Section] = AsConfigured(rateLimits.Value),
            [DiscoveryOptions.Section] = AsConfigured(discovery.Value),
        };
        var now = time.GetUtcNow();
        return new DashboardView(descriptor.Name, descriptor.Implementation.Version, descriptor.ApiVersion, _startedAt,
            Math.Round((now - _startedAt).TotalSeconds), listening,
            new DashboardView.LanView(lanOptions.Enabled, devices, lanOptions.Enabled && lanOptions.RequireAccessToken,
                lanOptions.Enabled && lanOptions.RequireAccessToken && lanOptions.RequireAccessTokenOnLoopback,
                listening.Any(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)), tokens.Path),
            load, rows, tokenRows, BuildOrigins(), log.Latest(50), settings,
            new Dictionary<string, string>
            {
                ["descriptor"] = DescriptorBuilder.WellKnownPath,
                ["docs"] = "/docs",
                ["redoc"] = "/redoc",
                ["openapi"] = "/spec/openapi.yaml",
                ["demo"] = "/demo/",
                ["cubes"] = "/demo/cubes/index.html",
                ["blur"] = "/demo/blur/index.html",
                ["shim"] = "/shim/distributed-worker.js",
            });
    }
}
