namespace ComputeUtility.Server.Events;

/// <summary>The event kinds of the channel, as the spec names them.</summary>
internal static class EventKinds
{
    public const string Message = "message";
    public const string Binary = "binary";
    public const string Log = "log";
    public const string Error = "error";
    public const string Exit = "exit";
    public const string Gap = "gap";
}
