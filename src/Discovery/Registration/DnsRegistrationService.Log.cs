using Microsoft.Extensions.Logging;

namespace ComputeUtility.Discovery.Registration;

internal sealed partial class DnsRegistrationService
{
    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "DNS registration: '{Instance}' registered in {Domain} (port {Port})")]
    private static partial void LogRegistered(ILogger logger, string instance, string domain, int port);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Error, Message = "DNS registration: the server refused the {Step} in {Domain} ({Answer}); check DnsRegistration:KeyName, Algorithm and Secret and the zone's update policy. The utility keeps serving")]
    private static partial void LogRefused(ILogger logger, string step, string domain, string answer);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Error, Message = "DNS registration: the {Step} in {Domain} failed; the utility keeps serving")]
    private static partial void LogFailed(ILogger logger, string step, string domain, Exception exception);

    [LoggerMessage(EventId = 5023, Level = LogLevel.Information, Message = "DNS registration: '{Instance}' removed from {Domain}")]
    private static partial void LogRemoved(ILogger logger, string instance, string domain);
}
