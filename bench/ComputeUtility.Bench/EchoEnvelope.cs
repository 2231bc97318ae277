namespace ComputeUtility.Bench;

/// <summary>
/// The fields the bench reads from an echo reply envelope
/// <c>{"id":n,"type":"message","data":{"count":N,"echo":{"i":k}}}</c> (or a gap's <c>data.missed</c>).
/// Parsed with a forward-only reader: the receiver must keep up with 50k+ replies/s on a 2-core box.
/// </summary>
internal readonly record struct EchoEnvelope(EnvelopeKind Kind, long Id, long Count, long EchoedIndex, long Missed)
{
    public static EchoEnvelope Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        var kind = EnvelopeKind.Other;
        long id = 0, count = -1, index = -1, missed = 0;
        var inData = false;
        var inEcho = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            switch (reader.CurrentDepth)
            {
                case 1:
                    inData = reader.ValueTextEquals("data"u8);
                    if (reader.ValueTextEquals("id"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number)
                    {
                        id = reader.GetInt64();
                    }
                    else if (reader.ValueTextEquals("type"u8) && reader.Read())
                    {
                        kind = KindOf(ref reader);
                    }

                    break;
                case 2 when inData:
                    inEcho = reader.ValueTextEquals("echo"u8);
                    if (reader.ValueTextEquals("count"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number)
                    {
                        count = reader.GetInt64();
                    }
                    else if (reader.ValueTextEquals("missed"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number)
                    {
                        missed = reader.GetInt64();
                    }

                    break;
                case 3 when inData && inEcho:
                    if (reader.ValueTextEquals("i"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number)
                    {
                        index = reader.GetInt64();
                    }

                    break;
            }
        }

        return new EchoEnvelope(kind, id, count, index, missed);
    }

    /// <summary>
    /// The same fields from a server-sent event, where the kind and id are fields of their own and
    /// <paramref name="data"/> is only the envelope's <c>data</c> (<c>{"count":N,"echo":{"i":k}}</c>).
    /// </summary>
    public static EchoEnvelope FromEvent(string kind, long id, ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        long count = -1, index = -1, missed = 0;
        var inEcho = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.CurrentDepth == 1)
            {
                inEcho = reader.ValueTextEquals("echo"u8);
                if (reader.ValueTextEquals("count"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number)
                {
                    count = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("missed"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number)
                {
                    missed = reader.GetInt64();
                }
            }
            else if (reader.CurrentDepth == 2 && inEcho && reader.ValueTextEquals("i"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.Number)
            {
                index = reader.GetInt64();
            }
        }

        var envelopeKind = kind switch
        {
            "message" => EnvelopeKind.Message,
            "log" => EnvelopeKind.Log,
            "gap" => EnvelopeKind.Gap,
            "error" => EnvelopeKind.Error,
            "exit" => EnvelopeKind.Exit,
            _ => EnvelopeKind.Other,
        };
        return new EchoEnvelope(envelopeKind, id, count, index, missed);
    }

    private static EnvelopeKind KindOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("message"u8) ? EnvelopeKind.Message
        : reader.ValueTextEquals("log"u8) ? EnvelopeKind.Log
        : reader.ValueTextEquals("gap"u8) ? EnvelopeKind.Gap
        : reader.ValueTextEquals("error"u8) ? EnvelopeKind.Error
        : reader.ValueTextEquals("exit"u8) ? EnvelopeKind.Exit
        : reader.ValueTextEquals("heartbeat"u8) ? EnvelopeKind.Heartbeat
        : EnvelopeKind.Other;
}
