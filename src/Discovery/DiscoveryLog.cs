using Microsoft.Extensions.Logging;

namespace ComputeUtility.Discovery;

/// <summary>Log messages shared by the responder host, the browser and the unicast client; ids 5001–5099.</summary>
internal static partial class DiscoveryLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Discovery: {Reason}")]
    public static partial void InterfaceRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Discovery: no multicast-capable interface among [{Wanted}]; the utility keeps serving but announces nothing (on most machines loopback cannot multicast: use --lan, or Discovery:Interfaces, to announce on the LAN)")]
    public static partial void NothingToAnnounceOn(ILogger logger, string wanted);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Debug, Message = "Browser: {Event} '{Instance}' at {Host}:{Port}")]
    public static partial void BrowserEvent(ILogger logger, string @event, string instance, string host, int port);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Discovery: not announcing on {Interface}: the HTTP listener does not serve it (CU-DISC-6)")]
    public static partial void NotServed(ILogger logger, string @interface);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Discovery: a Found/Updated/Lost handler threw: {Reason}")]
    public static partial void HandlerFailed(ILogger logger, string reason);
}
