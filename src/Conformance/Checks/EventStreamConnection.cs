using System.Text;

namespace ComputeUtility.Conformance.Checks;

/// <summary>Reads a worker's event stream with the EventSource parsing rules.</summary>
internal sealed class EventStreamConnection(HttpResponseMessage response, StreamReader reader) : IDisposable
{
    public HttpResponseMessage Response => response;

    public static async Task<EventStreamConnection> OpenAsync(HttpResponseMessage response) =>
        new(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));

    /// <summary>The next event, or null when the stream ends; heartbeats (not events, CU-CHAN-28) only when asked for.</summary>
    public async Task<ServerEvent?> NextAsync(TimeSpan? timeout = null, bool includeHeartbeats = false)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        string? id = null, kind = null;
        var data = new StringBuilder();
        var hasData = false;
        try
        {
            while (await reader.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (!hasData || (kind == "heartbeat" && !includeHeartbeats))
                    {
                        Ensure.That(!hasData || id is null, "CU-CHAN-28: a heartbeat on the event stream carries no id field");
                        id = null;
                        kind = null;
                        data.Clear();
                        hasData = false;
                        continue;
                    }

                    return new ServerEvent(id, kind ?? "message", data.ToString());
                }

                if (line.StartsWith(':'))
                {
                    continue;
                }

                var colon = line.IndexOf(':');
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..];
                if (value.StartsWith(' '))
                {
                    value = value[1..];
                }

                switch (field)
                {
                    case "id":
                        id = value;
                        break;
                    case "event":
                        kind = value;
                        break;
                    case "data":
                        data.Append(hasData ? "\n" : "").Append(value);
                        hasData = true;
                        break;
                }
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
