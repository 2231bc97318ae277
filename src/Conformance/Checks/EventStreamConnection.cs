using ComputeUtility.Client;

namespace ComputeUtility.Conformance.Checks;

/// <summary>A worker's event stream as the suite reads it: the client's parser, with a patience that fails the check.</summary>
internal sealed class EventStreamConnection(HttpResponseMessage response, ServerSentEventReader reader) : IDisposable
{
    public HttpResponseMessage Response => response;

    public static async Task<EventStreamConnection> OpenAsync(HttpResponseMessage response) =>
        new(response, new ServerSentEventReader(await response.Content.ReadAsStreamAsync()));

    /// <summary>The next event, or null when the stream ends; heartbeats (not events, CU-CHAN-28) only when asked for.</summary>
    public async Task<ServerSentEvent?> NextAsync(TimeSpan? timeout = null, bool includeHeartbeats = false)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            while (await reader.ReadAsync(cts.Token) is { } next)
            {
                if (next.IsHeartbeat && !includeHeartbeats)
                {
                    Ensure.That(next.Id is null, "CU-CHAN-28: a heartbeat on the event stream carries no id field");
                    continue;
                }

                return next;
            }
        }
        catch (OperationCanceledException)
        {
            throw new CheckFailed($"no event arrived on the event stream within {(timeout ?? TimeSpan.FromSeconds(15)).TotalSeconds} s");
        }

        return null;
    }

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
    }
}
