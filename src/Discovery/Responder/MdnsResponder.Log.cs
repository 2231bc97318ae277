using Microsoft.Extensions.Logging;

namespace ComputeUtility.Discovery.Responder;

internal sealed partial class MdnsResponder
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "mDNS: announcing '{Instance}' on {Sockets}")]
    private static partial void LogAnnouncing(ILogger logger, string instance, string sockets);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "mDNS: the TXT record of '{Instance}' changed to {Text}; re-announcing")]
    private static partial void LogTextChanged(ILogger logger, string instance, string text);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "mDNS: sending goodbyes for '{Instance}'")]
    private static partial void LogGoodbye(ILogger logger, string instance);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "mDNS: another host uses the name '{Old}'; renamed to '{New}'")]
    private static partial void LogRenamed(ILogger logger, string old, string @new);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "mDNS: another host probes for '{Instance}' and won the tie-break; probing again in a second")]
    private static partial void LogLostTieBreak(ILogger logger, string instance);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information, Message = "mDNS: a response names '{Instance}' with a different {Type} record")]
    private static partial void LogConflict(ILogger logger, string instance, string type);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Warning, Message = "mDNS: sending on {Interface} failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string @interface, string reason);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Debug, Message = "mDNS: dropped a packet that failed in handling: {Error}: {Reason}")]
    private static partial void LogPacketFailed(ILogger logger, string error, string reason);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Warning, Message = "mDNS: another host uses the host name '{Old}.local'; renamed to '{New}.local'")]
    private static partial void LogHostRenamed(ILogger logger, string old, string @new);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "mDNS: too many conflicts for '{Instance}'; waiting {Seconds} s before probing again (RFC 6762 §8.1)")]
    private static partial void LogConflictRateLimited(ILogger logger, string instance, double seconds);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "mDNS: addresses on {Interface} changed (added: {Added}; removed: {Removed}); announcing")]
    private static partial void LogAddressesChanged(ILogger logger, string @interface, string added, string removed);
}
