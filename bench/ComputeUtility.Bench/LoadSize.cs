namespace ComputeUtility.Bench;

/// <summary>How big row 9 is: concurrent workers, and messages per worker over WebSocket and over HTTP + SSE.</summary>
internal sealed record LoadSize(int Workers, int WebSocketMessages, int HttpMessages);
