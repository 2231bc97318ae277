using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>
/// One event of a worker (spec section 9.2): a <c>message</c>, <c>binary</c>, <c>log</c>, <c>error</c>,
/// <c>exit</c> or <c>gap</c>, with its per-worker id. The same event has the same id on every transport.
/// </summary>
/// <param name="Id">The event id: 1 for the worker's first event, then one more for each.</param>
/// <param name="Kind">The event kind; a client ignores kinds it does not know.</param>
/// <param name="Data">The event's JSON data (for <c>binary</c>, <c>{"base64": …}</c>).</param>
public sealed record WorkerEvent(long Id, string Kind, JsonElement Data)
{
    /// <summary>The kind of the last event of a worker.</summary>
    public const string ExitKind = "exit";

    /// <summary>The kind that says events the client asked for are no longer buffered.</summary>
    public const string GapKind = "gap";

    /// <summary>True for <c>exit</c>: nothing follows it.</summary>
    public bool IsExit => Kind == ExitKind;

    /// <summary>The bytes of a <c>binary</c> message, or null for any other kind.</summary>
    public byte[]? Bytes => Kind == "binary" && Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("base64", out var b)
        ? Convert.FromBase64String(b.GetString() ?? "")
        : null;

    /// <summary>The event of a server-sent event, or null for a heartbeat or an event without an id.</summary>
    /// <exception cref="JsonException">The data is not JSON.</exception>
    public static WorkerEvent? From(ServerSentEvent serverSentEvent)
    {
        ArgumentNullException.ThrowIfNull(serverSentEvent);
        if (serverSentEvent.IsHeartbeat || !long.TryParse(serverSentEvent.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        using var document = JsonDocument.Parse(serverSentEvent.Data);
        return new WorkerEvent(id, serverSentEvent.Kind, document.RootElement.Clone());
    }

    /// <summary>A binary WebSocket frame: 8 bytes of event id (big-endian), then the payload.</summary>
    internal static WorkerEvent FromBinaryFrame(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 8)
        {
            throw new InvalidDataException($"a binary frame of {frame.Length} bytes has no 8-byte event id");
        }

        var id = checked((long)BinaryPrimitives.ReadUInt64BigEndian(frame));
        var data = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["base64"] = Convert.ToBase64String(frame[8..]) });
        return new WorkerEvent(id, "binary", data);
    }
}
