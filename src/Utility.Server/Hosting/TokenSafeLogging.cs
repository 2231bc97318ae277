namespace ComputeUtility.Server.Hosting;

/// <summary>
/// ASP.NET Core's request log lines (Information) carry the query string, and with it <c>access_token</c>
/// (CU-SEC-2): they stay off whatever the logging configuration says.
/// </summary>
internal static class TokenSafeLogging
{
    private const string RequestLog = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static ILoggingBuilder KeepTokensOutOfLogs(this ILoggingBuilder logging) =>
        logging.AddFilter(RequestLog, level => level >= LogLevel.Warning);
}
