using System.Runtime.InteropServices;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// The Linux nice value of the calling thread (setpriority with its thread id; .NET's <see cref="Thread.Priority"/>
/// does nothing there). Raising a thread's priority (a negative value) needs CAP_SYS_NICE or RLIMIT_NICE: without
/// them the thread keeps the server's priority, which is harmless.
/// </summary>
internal static class ThreadNiceness
{
    /// <summary>Sets the calling thread's nice value; false when the system refused or is not Linux with glibc.</summary>
    public static bool TrySet(int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SetPriority(0, GetThreadId(), nice) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc
        }
    }

    // DllImport rather than LibraryImport (as in Workers/NativeHeap): the generated form needs unsafe code; ints need no marshalling.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
#pragma warning restore SYSLIB1054
}
