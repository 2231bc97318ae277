using ComputeUtility.Server.Problems;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// What one guest's store may hold besides memory bytes: table elements (from limits), tables, memories and
/// instances; and the problem a module gets when it needs more.
/// </summary>
internal static class GuestLimits
{
    /// <summary>Tables one guest may define or import (toolchains emit one; reference types may add a few).</summary>
    public const int Tables = 4;

    /// <summary>Linear memories: cu1 has exactly one, the exported <c>memory</c>.</summary>
    public const int Memories = 1;

    /// <summary>Instances per store: one module, never more (core modules cannot instantiate others).</summary>
    public const int Instances = 1;

    public static void Apply(Store store, WasmRuntime runtime, long memoryBytes) =>
        store.SetLimits(memorySize: memoryBytes, tableElements: (uint)runtime.MaxTableElements, instances: Instances, tables: Tables,
            memories: Memories);

    /// <summary>The problem for a module Wasmtime refused to instantiate; a store limit is package-too-large, anything else abi-mismatch.</summary>
    public static ProblemException InstantiationFailed(WasmtimeException ex, WasmRuntime runtime, string what)
    {
        var reason = ex.Message.Split('\n')[0];
        if (reason.Contains("exceeds table limits", StringComparison.Ordinal))
        {
            return new ProblemException(ProblemTypes.PackageTooLarge,
                    $"The {what} needs a table larger than the {runtime.MaxTableElements} elements this utility allows ({reason}).")
                .With("limit", runtime.MaxTableElements);
        }

        if (reason.StartsWith("resource limit exceeded", StringComparison.Ordinal))
        {
            return new ProblemException(ProblemTypes.PackageTooLarge,
                $"The {what} needs more than this utility gives one guest: at most {Tables} tables, {Memories} memory and {Instances} instance ({reason}).");
        }

        return new ProblemException(ProblemTypes.AbiMismatch, $"The {what} could not be instantiated: {reason}");
    }
}
