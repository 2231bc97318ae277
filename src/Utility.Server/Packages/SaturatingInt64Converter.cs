using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComputeUtility.Server.Packages;

/// <summary>
/// Reads a JSON integer of any size: one past <see cref="long.MaxValue"/> reads as <see cref="long.MaxValue"/>, which is over
/// every limit, so a manifest claiming 10^20 bytes is refused by the limit check like one claiming 10^10 (CU-ERR-4).
/// An integral value written with a fraction or exponent (<c>1.0</c>, <c>1e6</c>) is the integer it denotes, as the schema has it.
/// </summary>
internal sealed class SaturatingInt64Converter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("Expected an integer.");
        }

        if (reader.TryGetInt64(out var exact))
        {
            return exact;
        }

        if (reader.TryGetDecimal(out var large) && decimal.IsInteger(large))
        {
            return large >= long.MaxValue ? long.MaxValue : large <= long.MinValue ? long.MinValue : (long)large;
        }

        if (reader.TryGetDouble(out var huge) && double.IsInteger(huge))
        {
            return huge > 0 ? long.MaxValue : long.MinValue;
        }

        throw new JsonException("Expected an integer.");
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
