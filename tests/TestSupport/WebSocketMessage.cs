using System.Net.WebSockets;

namespace ComputeUtility.TestSupport;

/// <summary>One whole WebSocket message, read frame by frame into the caller's buffer.</summary>
/// <param name="Type">Text, binary, or close.</param>
/// <param name="Length">How many bytes of the buffer the message fills.</param>
/// <param name="CloseStatus">The peer's close code when <paramref name="Type"/> is close.</param>
public readonly record struct WebSocketMessage(WebSocketMessageType Type, int Length, WebSocketCloseStatus? CloseStatus)
{
    /// <summary>Receives until the end of the next message; a message longer than <paramref name="buffer"/> throws.</summary>
    public static async Task<WebSocketMessage> ReceiveAsync(WebSocket socket, byte[] buffer, CancellationToken cancellation)
    {
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            if (length == buffer.Length)
            {
                throw new InvalidOperationException($"a WebSocket message is longer than the test's {buffer.Length}-byte buffer");
            }

            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), cancellation);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return new WebSocketMessage(result.MessageType, length, result.CloseStatus);
    }
}
