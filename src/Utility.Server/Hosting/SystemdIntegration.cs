using Microsoft.Extensions.Hosting.Systemd;

namespace ComputeUtility.Server.Hosting;

/// <summary>
/// Type=notify under systemd: READY=1 once the utility listens, STOPPING=1 when it stops. Detection in the
/// hosting package looks at the parent process only; a service manager that gives NOTIFY_SOCKET but is not the
/// direct parent (a wrapper, a container runtime, a test) is honoured too.
/// </summary>
internal static class SystemdIntegration
{
    public static void Use(WebApplicationBuilder builder)
    {
        builder.Host.UseSystemd();
        if (!SystemdHelpers.IsSystemdService() && Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 })
        {
            builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }
    }
}
