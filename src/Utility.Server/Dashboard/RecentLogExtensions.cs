namespace ComputeUtility.Server.Dashboard;

/// <summary>Registers the dashboard's log ring as a logging provider.</summary>
internal static class RecentLogExtensions
{
    public static ILoggingBuilder AddRecentLog(this ILoggingBuilder logging)
    {
        logging.Services.AddSingleton<RecentLog>();
        logging.Services.AddSingleton<ILoggerProvider, RecentLogProvider>();
        return logging;
    }
}
