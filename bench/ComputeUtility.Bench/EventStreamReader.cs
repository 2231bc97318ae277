using System.Globalization;

namespace ComputeUtility.Bench;

/// <summary>
/// Reads <c>text/event-stream</c> line by line: <c>id:</c>, <c>event:</c> and <c>data:</c> fields
/// up to the blank line that ends an event; comments (<c>: keep-alive</c>) are skipped.
/// </summary>
internal sealed class EventStreamReader(Stream stream) : IDisposable
{
    private const int MaxLinesPerEvent = 256;
    private readonly StreamReader _reader = new(stream);

    /// <summary>The next event, or null when the stream ended. Bounded: an event longer than 256 lines is a failure.</summary>
    public async Task<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        long id = 0;
        string? kind = null;
        string? data = null;
        for (var lines = 0; lines < MaxLinesPerEvent; lines++)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (kind == "heartbeat")
                {
                    // Not an event (spec 9.4): no id, nothing to count; the next event follows.
                    (id, kind, data) = (0, null, null);
                    continue;
                }

                if (kind is not null || data is not null)
                {
                    return new ServerSentEvent(id, kind ?? "message", data ?? "");
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "event":
                    kind = value;
                    break;
                case "data":
                    data = data is null ? value : data + "\n" + value;
                    break;
            }
        }

        throw new BenchFailure($"an event stream sent more than {MaxLinesPerEvent} lines without ending an event");
    }

    public void Dispose() => _reader.Dispose();
}
