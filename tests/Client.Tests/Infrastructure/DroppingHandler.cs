using System.Collections.Concurrent;

namespace ComputeUtility.Client.Tests.Infrastructure;

/// <summary>
/// Passes requests to the network, but ends the first event stream after <paramref name="eventsBeforeDrop"/>
/// events, as a connection that breaks would — or, with <paramref name="stall"/>, lets it go silent there, as a
/// connection to a hung peer does; records the <c>Last-Event-ID</c> of every event-stream request.
/// </summary>
internal sealed class DroppingHandler(int eventsBeforeDrop, bool stall = false) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
{
    private int _streams;

    public ConcurrentQueue<string?> LastEventIds { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri!.AbsolutePath.EndsWith("/events", StringComparison.Ordinal) && response.IsSuccessStatusCode)
        {
            LastEventIds.Enqueue(request.Headers.TryGetValues("Last-Event-ID", out var values) ? values.Single() : null);
            if (Interlocked.Increment(ref _streams) == 1)
            {
                var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var first = await FirstEventsAsync(body, eventsBeforeDrop, cancellationToken);
                var cut = new StreamContent(stall ? new SilentAfterStream(first) : first);
                foreach (var header in response.Content.Headers)
                {
                    cut.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                response.Content = cut;
            }
        }

        return response;
    }

    /// <summary>The bytes of the stream up to the end of its n-th event with an id, then its end.</summary>
    private static async Task<Stream> FirstEventsAsync(Stream body, int events, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var kept = new StringBuilder();
        var seen = 0;
        var hasId = false;
        while (seen < events && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            kept.Append(line).Append('\n');
            hasId |= line.StartsWith("id:", StringComparison.Ordinal);
            if (line.Length == 0)
            {
                seen += hasId ? 1 : 0;
                hasId = false;
            }
        }

        return new MemoryStream(Encoding.UTF8.GetBytes(kept.ToString()));
    }
}
