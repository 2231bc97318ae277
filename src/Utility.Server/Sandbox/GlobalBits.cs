using System.Buffers.Binary;
using System.Globalization;
using ComputeUtility.Server.Problems;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>Turns global values into the snapshot's type names and raw bit patterns, and back (NaN payloads survive).</summary>
internal static class GlobalBits
{
    public static string TypeName(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => "i32",
        ValueKind.Int64 => "i64",
        ValueKind.Float32 => "f32",
        ValueKind.Float64 => "f64",
        ValueKind.V128 => "v128",
        _ => throw new ProblemException(ProblemTypes.AbiMismatch, $"An exported mutable global has type {kind}, which snapshots cannot carry."),
    };

    public static string ToBits(object value, ValueKind kind) => kind switch
    {
        ValueKind.Int32 => ((uint)(int)value).ToString("x8", CultureInfo.InvariantCulture),
        ValueKind.Int64 => ((ulong)(long)value).ToString("x16", CultureInfo.InvariantCulture),
        ValueKind.Float32 => ((uint)BitConverter.SingleToInt32Bits((float)value)).ToString("x8", CultureInfo.InvariantCulture),
        ValueKind.Float64 => ((ulong)BitConverter.DoubleToInt64Bits((double)value)).ToString("x16", CultureInfo.InvariantCulture),
        ValueKind.V128 => V128Hex((V128)value),
        _ => throw new ProblemException(ProblemTypes.AbiMismatch, $"Global type {kind} cannot be captured."),
    };

    public static object FromBits(string bits, ValueKind kind)
    {
        try
        {
            return kind switch
            {
                ValueKind.Int32 => (int)uint.Parse(bits, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ValueKind.Int64 => (long)ulong.Parse(bits, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ValueKind.Float32 => BitConverter.Int32BitsToSingle((int)uint.Parse(bits, NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                ValueKind.Float64 => BitConverter.Int64BitsToDouble((long)ulong.Parse(bits, NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                ValueKind.V128 => FromV128Hex(bits),
                _ => throw new FormatException(),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            throw new ProblemException(ProblemTypes.InvalidModule, $"The snapshot's global bits '{bits}' are not a {TypeName(kind)} value.");
        }
    }

    private static string V128Hex(V128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.CopyTo(bytes);
        var high = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        var low = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return high.ToString("x16", CultureInfo.InvariantCulture) + low.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static V128 FromV128Hex(string bits)
    {
        if (bits.Length != 32)
        {
            throw new FormatException();
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], ulong.Parse(bits[..16], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.Parse(bits[16..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        return new V128(bytes);
    }
}
