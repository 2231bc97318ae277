using ComputeUtility.Server.Limits;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// The size of Wasmtime's pooling allocator when <see cref="LimitsOptions.PooledInstances"/> is on: a slot for every
/// guest the limits allow at once (workers, tasks, and a few instantiations in flight while a worker is replaced),
/// each slot as large as the largest memory a guest may have. Every slot reserves address space (not memory) up front:
/// Wasmtime's default 4 GiB reservation plus guard regions, so the pool's size is checked against the address space.
/// </summary>
internal static class InstancePool
{
    /// <summary>Instances in flight beyond the limits: a restore or migration instantiates before its slot is counted.</summary>
    public const int Headroom = 16;

    /// <summary>Address space one memory slot reserves: Wasmtime's 4 GiB reservation and its 32 MiB guard on each side, rounded up.</summary>
    public const long ReservedBytesPerSlot = 5L * 1024 * 1024 * 1024;

    /// <summary>At most half of x86-64's 128 TiB user address space for the pool; the rest stays for the runtime and the code.</summary>
    public const long MaxReservedBytes = 64L * 1024 * 1024 * 1024 * 1024;

    public static int Slots(LimitsOptions limits) => limits.MaxWorkers + limits.MaxConcurrentTasks + Headroom;

    public static long ReservedBytes(LimitsOptions limits) => Slots(limits) * ReservedBytesPerSlot;

    /// <summary>The allocator's configuration for these limits (the caller disposes it once the engine is made).</summary>
    public static PoolingAllocationConfig Create(LimitsOptions limits)
    {
        var slots = (uint)Slots(limits);
        var memory = Math.Max(limits.MaxMemoryBytesPerWorker, limits.MaxTaskMemoryBytes);
        return new PoolingAllocationConfig()
            .WithMaxCoreInstances(slots)
            .WithMaxMemories(slots)
            .WithMaxTables(slots * GuestLimits.Tables)
            .WithMaxMemoriesPerModule(GuestLimits.Memories)
            .WithMaxTablesPerModule(GuestLimits.Tables)
            .WithMaxTableElements((nuint)limits.MaxTableElements)
            .WithMaxMemorySize((nuint)memory)
            .WithTotalComponentInstances(0)
            .WithMaxGcHeaps(0);
    }
}
