using ComputeUtility.Server.Logging;

namespace ComputeUtility.Server.Origins;

/// <summary>Warns at start when <c>Cors:AllowedOrigins</c> holds <c>*</c>: then any web page the owner visits may run work here (CU-PERM-6).</summary>
internal sealed partial class AnyOriginWarning(PagePermissions permissions, ILogger<AnyOriginWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (permissions.AnyOrigin)
        {
            LogAnyOrigin(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = LogEvents.AnyOriginAllowed, Level = LogLevel.Warning,
        Message = "Cors:AllowedOrigins contains '*': every web page you visit may run work on this utility. List the origins you trust instead, or allow them on the dashboard")]
    private static partial void LogAnyOrigin(ILogger logger);
}
