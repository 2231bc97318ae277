using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// What a module would cost to compile, read from its bytes without compiling: the functions it defines (the count at the
/// start of its function section). Compile time grows with them, so a module of too many is refused before it takes a slot.
/// </summary>
internal static class ModuleShape
{
    private const byte FunctionSection = 3;

    /// <summary>Throws <c>package-too-large</c> when the module defines more than <paramref name="maxFunctions"/> functions.</summary>
    public static void CheckFunctions(ReadOnlySpan<byte> module, int maxFunctions)
    {
        var functions = DefinedFunctions(module);
        if (functions > (ulong)maxFunctions)
        {
            throw new ProblemException(ProblemTypes.PackageTooLarge,
                    $"The module defines {functions} functions; this utility compiles modules of at most {maxFunctions} (limits.maxModuleFunctions).")
                .With("limit", maxFunctions);
        }
    }

    /// <summary>The count of the function section; 0 when there is none or the bytes are malformed (compilation then says why).</summary>
    public static ulong DefinedFunctions(ReadOnlySpan<byte> module)
    {
        if (module.Length < 8 || !module[..4].SequenceEqual("\0asm"u8))
        {
            return 0;
        }

        var rest = module[8..];
        while (!rest.IsEmpty)
        {
            var id = rest[0];
            rest = rest[1..];
            if (!TryReadUnsigned(ref rest, out var size) || size > (ulong)rest.Length)
            {
                return 0;
            }

            if (id == FunctionSection)
            {
                var body = rest[..(int)size];
                return TryReadUnsigned(ref body, out var count) ? count : 0;
            }

            rest = rest[(int)size..];
        }

        return 0;
    }

    /// <summary>An unsigned LEB128 of at most 5 bytes (a u32, as every count and size of the binary format).</summary>
    private static bool TryReadUnsigned(ref ReadOnlySpan<byte> bytes, out ulong value)
    {
        value = 0;
        for (var i = 0; i < 5 && i < bytes.Length; i++)
        {
            value |= (ulong)(bytes[i] & 0x7f) << (7 * i);
            if ((bytes[i] & 0x80) == 0)
            {
                bytes = bytes[(i + 1)..];
                return true;
            }
        }

        return false;
    }
}
