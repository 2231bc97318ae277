using System.Text.Json;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Events;

/// <summary>The JSON data of the non-message event kinds.</summary>
internal static class EventPayloads
{
    public static byte[] Log(string stream, string text) =>
        JsonSerializer.SerializeToUtf8Bytes(new { stream, text }, JsonDefaults.Options);

    public static byte[] Error(ProblemDocument problem) =>
        JsonSerializer.SerializeToUtf8Bytes(problem, JsonDefaults.Options);

    /// <summary>The exit event; <paramref name="exitCode"/> is shown as WASI's unsigned 32-bit value (CU-TASK-12), so proc_exit(-1) is 4294967295.</summary>
    public static byte[] Exit(string reason, int? exitCode) =>
        JsonSerializer.SerializeToUtf8Bytes(new { reason, exitCode = exitCode is { } code ? unchecked((uint)code) : (uint?)null }, JsonDefaults.Options);

    public static byte[] Gap(long from, long to) =>
        JsonSerializer.SerializeToUtf8Bytes(new { missed = to - from + 1, from, to }, JsonDefaults.Options);
}
