using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Hosting;

/// <summary>
/// Keeps worker and snapshot tokens out of the logs at any level (CU-SEC-2). ASP.NET Core's request log
/// lines (Information) carry the query string, and with it <c>access_token</c>: they stay off whatever the
/// logging configuration says. Kestrel's bad-request lines quote the raw request line or header, so every
/// logger of a Kestrel category redacts tokens, whichever level and provider the owner turns on.
/// </summary>
internal static class TokenSafeLogging
{
    private const string RequestLog = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static ILoggingBuilder KeepTokensOutOfLogs(this ILoggingBuilder logging)
    {
        logging.AddFilter(RequestLog, level => level >= LogLevel.Warning);
        logging.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services => new TokenRedactingLoggerFactory(
            new LoggerFactory(
                services.GetServices<ILoggerProvider>(),
                services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                services.GetService<IOptions<LoggerFactoryOptions>>(),
                services.GetService<IExternalScopeProvider>()))));
        return logging;
    }
}
