using System.Runtime.InteropServices;

namespace ComputeUtility.Server.Workers;

/// <summary>
/// The C heap that Wasmtime allocates from. glibc keeps memory freed by many threads in per-thread arenas rather
/// than returning it; <c>malloc_trim</c> gives the free pages back. Elsewhere (another libc, another OS) this does nothing.
/// </summary>
internal static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    public static void Trim()
    {
        if (_unavailable)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true; // not glibc
        }
    }

    // DllImport rather than LibraryImport: the source-generated form needs unsafe code, and one int call needs no marshalling.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054
}
