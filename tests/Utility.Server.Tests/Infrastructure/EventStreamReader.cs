using System.Text;
using System.Text.Json;

namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>Reads server-sent events as the EventSource algorithm does: id, event, data lines joined by newlines.</summary>
internal sealed class EventStreamReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public async Task<ServerEvent?> NextAsync(CancellationToken cancellationToken)
    {
        string? id = null, kind = null;
        var data = new StringBuilder();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (kind is null && data.Length == 0)
                {
                    continue;
                }

                return new ServerEvent(id is null ? null : long.Parse(id, System.Globalization.CultureInfo.InvariantCulture),
                    kind ?? "message", JsonDocument.Parse(data.ToString()).RootElement.Clone());
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": kind = value; break;
                case "data": data.Append(data.Length > 0 ? "\n" : "").Append(value); break;
            }
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();

    internal sealed record ServerEvent(long? Id, string Kind, JsonElement Data);
}
