using System.Buffers.Binary;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// The WASI functions whose answers section 10.5 fixes where Wasmtime's differ. <c>fd_fdstat_get</c> (CU-ABI-19): fds 0–2 are character devices without seek or tell
/// rights, which is how wasi-libc's <c>isatty</c> recognises a terminal, so C stdio flushes stdout at each line and log
/// lines arrive as they are written; every other fd is <c>EBADF</c>, since a guest has no files.
/// </summary>
internal static class ConfinedWasiFunctions
{
    private const int Success = 0;
    private const int BadFileDescriptor = 8; // errno.badf in the preview1 witx
    private const int Fault = 21; // errno.fault
    private const byte CharacterDevice = 2; // filetype.character_device
    private const ulong FdRead = 1UL << 1;
    private const ulong FdWrite = 1UL << 6;
    private const ulong PollFdReadWrite = 1UL << 27;

    /// <summary>
    /// Replaces the WASI implementation's <c>fd_fdstat_get</c> in <paramref name="linker"/>, and its <c>proc_exit</c>, which traps
    /// for codes of 126 and above instead of exiting with them (<see cref="GuestExited"/>).
    /// </summary>
    public static void Define(Linker linker)
    {
        linker.AllowShadowing = true;
        linker.DefineFunction(GuestAbi.WasiModule, "fd_fdstat_get", (Caller caller, int fd, int ptr) => Get(caller, fd, ptr));
        Action<int> exit = code => throw new GuestExited(code);
        linker.DefineFunction(GuestAbi.WasiModule, "proc_exit", exit);
        linker.AllowShadowing = false;
    }

    private static int Get(Caller caller, int fd, int ptr)
    {
        if (fd is < 0 or > 2)
        {
            return BadFileDescriptor;
        }

        var memory = caller.GetMemory("memory");
        if (memory is null || ptr < 0 || (long)ptr + 24 > memory.GetLength())
        {
            return Fault;
        }

        // struct fdstat: filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16 (24 bytes, align 8).
        var fdstat = memory.GetSpan(ptr, 24);
        fdstat.Clear();
        fdstat[0] = CharacterDevice;
        BinaryPrimitives.WriteUInt64LittleEndian(fdstat[8..], (fd == 0 ? FdRead : FdWrite) | PollFdReadWrite);
        return Success;
    }
}
