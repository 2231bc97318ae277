using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>One event of a <c>text/event-stream</c> as EventSource dispatches it (spec section 9.2).</summary>
/// <param name="Id">The event's <c>id:</c> field, or null when it had none (a heartbeat has none).</param>
/// <param name="Kind">The <c>event:</c> field; <c>message</c> when absent.</param>
/// <param name="Data">The <c>data:</c> lines joined by newlines.</param>
public sealed record ServerSentEvent(string? Id, string Kind, string Data)
{
    /// <summary>The event kind of a heartbeat (spec section 9.4): not an event of the worker.</summary>
    public const string HeartbeatKind = "heartbeat";

    /// <summary>True for a heartbeat, which has no id, is not buffered and is never replayed.</summary>
    public bool IsHeartbeat => Kind == HeartbeatKind;

    /// <summary>The data parsed as JSON, as every event of the standard carries it; parsed anew on each read.</summary>
    /// <exception cref="JsonException">The data is not JSON.</exception>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Data);
            return document.RootElement.Clone();
        }
    }
}
