using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>A worker on a utility (spec section 8) and the token that opens it.</summary>
/// <param name="Id">The worker id, opaque and URL-safe.</param>
/// <param name="Token">The worker token, shown only when the worker was created: keep it.</param>
/// <param name="State"><c>running</c>, <c>terminated</c> or <c>failed</c>.</param>
/// <param name="MessagesIn">Inbound messages accepted so far (the last inbound sequence number).</param>
/// <param name="MessagesOut">Messages the guest posted so far.</param>
/// <param name="Channel">The WebSocket channel's absolute <c>ws:</c>/<c>wss:</c> URL.</param>
/// <param name="Failure">The problem that made the worker fail, or null.</param>
public sealed record Worker(string Id, string Token, string State, long MessagesIn, long MessagesOut, Uri Channel, JsonElement? Failure)
{
    /// <summary>True while the worker runs; once ended it never runs again.</summary>
    public bool IsRunning => State == "running";

    internal static Worker Parse(JsonElement json, string? token, Uri server)
    {
        var channel = json.TryGetProperty("links", out var links) && links.TryGetProperty("channel", out var c) && c.GetString() is { } url
            ? new Uri(url)
            : new Uri(new Uri(server.GetLeftPart(UriPartial.Authority).Replace("http", "ws", StringComparison.Ordinal)), $"/v1/workers/{json.GetProperty("id").GetString()}/channel");
        return new Worker(
            json.GetProperty("id").GetString() ?? throw new JsonException("the worker has no id"),
            json.TryGetProperty("token", out var t) ? t.GetString() ?? "" : token ?? "",
            json.GetProperty("state").GetString() ?? "",
            json.TryGetProperty("messagesIn", out var messagesIn) ? messagesIn.GetInt64() : 0,
            json.TryGetProperty("messagesOut", out var messagesOut) ? messagesOut.GetInt64() : 0,
            channel,
            json.TryGetProperty("failure", out var failure) && failure.ValueKind == JsonValueKind.Object ? failure.Clone() : null);
    }
}
