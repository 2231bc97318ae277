namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Thrown by our <c>proc_exit</c> (defined in the linker by <see cref="ConfinedWasiFunctions"/>) to end the guest with its exit code;
/// Wasmtime hands it back as the inner exception of the call's failure. Wasmtime's own <c>proc_exit</c> traps for codes of 126
/// and above, where WASI's <c>exitcode</c> is any unsigned 32-bit value (CU-TASK-12).
/// </summary>
internal sealed class GuestExited(int code) : Exception($"The guest called proc_exit({unchecked((uint)code)}).")
{
    /// <summary>The exit code's 32 bits; read them as unsigned.</summary>
    public int Code { get; } = code;
}
