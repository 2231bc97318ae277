// A tiny WebSocket client for a worker's channel: each line you type is sent as one JSON message,
// and every event the worker sends back is printed. Needs only the .NET 10 SDK:
//   dotnet run examples/clients/channel.cs -- <channel URL from the worker's links> <token>
// Pipe lines in to script it:  printf '{"hi":1}\n42\n' | dotnet run examples/clients/channel.cs -- URL TOKEN
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: channel.cs <ws://host/v1/workers/ID/channel> <token>");
    return 2;
}

var separator = args[0].Contains('?') ? '&' : '?';
var uri = new Uri($"{args[0]}{separator}access_token={Uri.EscapeDataString(args[1])}");
using var socket = new ClientWebSocket();
await socket.ConnectAsync(uri, CancellationToken.None);
Console.Error.WriteLine($"connected to {args[0]}; type JSON messages, one per line (Ctrl+D ends)");

// One send at a time: lines typed and the answers to heartbeats go out on the same socket.
var sending = new SemaphoreSlim(1, 1);
async Task SendAsync(byte[] text)
{
    await sending.WaitAsync();
    try
    {
        await socket.SendAsync(text, WebSocketMessageType.Text, true, CancellationToken.None);
    }
    finally
    {
        sending.Release();
    }
}

var receiving = Task.Run(async () =>
{
    var buffer = new byte[1 << 20];
    while (true)
    {
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None);
            length += result.Count;
        }
        while (!result.EndOfMessage && length < buffer.Length);

        if (result.MessageType == WebSocketMessageType.Close)
        {
            Console.Error.WriteLine($"closed: {(int?)result.CloseStatus} {result.CloseStatusDescription}");
            return;
        }

        // A heartbeat is not an event: answered with an empty text frame, so a channel left idle stays open (spec 9.4).
        if (result.MessageType == WebSocketMessageType.Text && IsHeartbeat(buffer.AsSpan(0, length)))
        {
            await SendAsync([]);
            continue;
        }

        Console.WriteLine(result.MessageType == WebSocketMessageType.Binary
            ? $"binary #{BinaryPrimitives.ReadInt64BigEndian(buffer)}: {Convert.ToHexString(buffer, 8, length - 8)}"
            : Encoding.UTF8.GetString(buffer, 0, length));
    }
});

string? line;
var sent = 0;
while ((line = Console.ReadLine()) is not null)
{
    if (line.Length == 0)
    {
        continue;
    }

    await SendAsync(Encoding.UTF8.GetBytes(line));
    sent++;
}

// Give the replies to what was sent a moment to arrive, then close politely.
await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(sent == 0 ? 0.2 : 1)));
if (socket.State == WebSocketState.Open)
{
    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
}

return 0;

static bool IsHeartbeat(ReadOnlySpan<byte> envelope)
{
    var reader = new Utf8JsonReader(envelope);
    try
    {
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("type"u8))
            {
                return reader.Read() && reader.ValueTextEquals("heartbeat"u8);
            }
        }
    }
    catch (JsonException)
    {
        // a message cut at the buffer's end: printed as it is
    }

    return false;
}
