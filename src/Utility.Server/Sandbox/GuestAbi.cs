using ComputeUtility.Server.Problems;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>Checks a compiled module against the guest ABI before anything of it runs.</summary>
internal static class GuestAbi
{
    public const string Version = "cu1";
    public const string WasiModule = "wasi_snapshot_preview1";

    /// <summary>Throws <c>abi-mismatch</c> unless the module is a cu1 reactor.</summary>
    public static void CheckReactor(Module module)
    {
        var problems = new List<string>();
        RequireMemory(module, problems);
        RequireFunction(module, "cu_alloc", [ValueKind.Int32], [ValueKind.Int32], problems);
        RequireFunction(module, "cu_on_message", [ValueKind.Int32, ValueKind.Int32, ValueKind.Int32], [], problems);
        if (module.Exports.Any(e => e.Name == "_initialize"))
        {
            RequireFunction(module, "_initialize", [], [], problems);
        }

        CheckImports(module, allowCu: true, problems);
        ThrowIfAny(problems, "a cu1 reactor");
    }

    /// <summary>Throws <c>abi-mismatch</c> unless the module is a WASI preview1 command.</summary>
    public static void CheckCommand(Module module)
    {
        var problems = new List<string>();
        RequireMemory(module, problems);
        RequireFunction(module, "_start", [], [], problems);
        CheckImports(module, allowCu: false, problems);
        ThrowIfAny(problems, "a WASI command");
    }

    private static void RequireMemory(Module module, List<string> problems)
    {
        if (!module.Exports.OfType<MemoryExport>().Any(m => m.Name == "memory"))
        {
            problems.Add("it does not export its linear memory as \"memory\"");
        }
    }

    private static void RequireFunction(Module module, string name, ValueKind[] parameters, ValueKind[] results,
        List<string> problems)
    {
        var export = module.Exports.OfType<FunctionExport>().FirstOrDefault(e => e.Name == name);
        if (export is null)
        {
            problems.Add($"it does not export the function \"{name}\"");
        }
        else if (!export.Parameters.SequenceEqual(parameters) || !export.Results.SequenceEqual(results))
        {
            problems.Add($"\"{name}\" has the wrong signature ({Signature(export.Parameters)}) -> ({Signature(export.Results)}); expected ({Signature(parameters)}) -> ({Signature(results)})");
        }
    }

    private static void CheckImports(Module module, bool allowCu, List<string> problems)
    {
        foreach (var import in module.Imports)
        {
            var allowed = import.ModuleName == WasiModule
                || (allowCu && import.ModuleName == "cu" && import.Name == "post_message");
            if (!allowed)
            {
                problems.Add($"it imports \"{import.ModuleName}\".\"{import.Name}\", which the utility does not provide");
            }
            else if (import.ModuleName == "cu" && import is FunctionImport f
                     && (!f.Parameters.SequenceEqual([ValueKind.Int32, ValueKind.Int32, ValueKind.Int32]) || f.Results.Count != 0))
            {
                problems.Add("it imports cu.post_message with the wrong signature; expected (i32, i32, i32) -> ()");
            }
        }
    }

    private static void ThrowIfAny(List<string> problems, string what)
    {
        if (problems.Count > 0)
        {
            throw new ProblemException(ProblemTypes.AbiMismatch, $"The module is not {what}: {string.Join("; ", problems)}.")
                .With("errors", problems.ToArray());
        }
    }

    private static string Signature(IEnumerable<ValueKind> kinds) =>
        string.Join(", ", kinds.Select(k => k.ToString().ToLowerInvariant().Replace("int", "i", StringComparison.Ordinal)));
}
