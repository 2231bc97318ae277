using System.Text;

namespace ComputeUtility.Client;

/// <summary>
/// Reads a <c>text/event-stream</c> with the EventSource parsing rules: <c>id:</c>, <c>event:</c> and
/// <c>data:</c> fields up to the blank line that ends an event; comments (<c>: keep-alive</c>) and
/// blocks without data are skipped (neither counts towards <see cref="MaxLinesPerEvent"/>). Heartbeats are returned like events, so a caller can see them.
/// </summary>
public sealed class ServerSentEventReader : IDisposable
{
    /// <summary>More lines than this without ending an event is a broken stream, not a long event.</summary>
    public const int MaxLinesPerEvent = 4096;

    private readonly StreamReader _reader;

    /// <summary>Reads from <paramref name="stream"/>, which the reader owns and disposes.</summary>
    public ServerSentEventReader(Stream stream) => _reader = new StreamReader(stream, Encoding.UTF8);

    /// <summary>The next event, or null when the stream ended.</summary>
    /// <exception cref="InvalidDataException">An event ran past <see cref="MaxLinesPerEvent"/> lines.</exception>
    public async ValueTask<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        string? id = null, kind = null;
        StringBuilder? data = null;
        var fields = 0;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new ServerSentEvent(id, kind ?? "message", data.ToString());
                }

                (id, kind, fields) = (null, null, 0);
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            if (++fields > MaxLinesPerEvent)
            {
                throw new InvalidDataException($"the event stream sent more than {MaxLinesPerEvent} lines without ending an event");
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
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
                    data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
                    break;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
