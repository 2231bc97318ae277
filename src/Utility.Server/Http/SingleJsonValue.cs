using System.Text.Json;

namespace ComputeUtility.Server.Http;

/// <summary>
/// "Exactly one JSON value" (RFC 8259 text, no trailing value), as messages must be on every path: posted by a
/// client, posted by a guest, held in a snapshot (CU-CHAN-11, CU-ABI-8, CU-ABI-9).
/// </summary>
internal static class SingleJsonValue
{
    /// <summary>True when <paramref name="payload"/> is one JSON value; otherwise false, with what is wrong.</summary>
    public static bool Check(ReadOnlySpan<byte> payload, out string? error)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (reader.Read())
            {
                reader.Skip();
                if (!reader.Read())
                {
                    error = null;
                    return true;
                }
            }

            error = "it must be exactly one JSON value";
            return false;
        }
        catch (JsonException ex)
        {
            error = "it is not valid JSON: " + ex.Message;
            return false;
        }
    }

    public static bool Is(ReadOnlySpan<byte> payload) => Check(payload, out _);
}
