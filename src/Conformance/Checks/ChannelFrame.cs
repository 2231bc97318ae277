using System.Net.WebSockets;
using System.Text.Json;

namespace ComputeUtility.Conformance.Checks;

/// <summary>One frame from a worker's WebSocket: an event envelope, a binary message, or the close.</summary>
internal sealed record ChannelFrame(string Kind, long? Id, JsonElement Data, byte[]? Bytes, WebSocketCloseStatus? CloseStatus, string? RawText);
