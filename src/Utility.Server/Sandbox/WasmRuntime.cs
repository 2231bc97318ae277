using System.Reflection;
using ComputeUtility.Server.Limits;
using Microsoft.Extensions.Options;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// The one Wasmtime engine of the process and the linker every instance is made with:
/// WASI preview1 and the <c>cu.post_message</c> import, defined once (a linker costs ~35 µs).
/// </summary>
internal sealed class WasmRuntime : IDisposable
{
    /// <summary>WebAssembly features the engine enables, as the descriptor lists them.</summary>
    public static readonly IReadOnlyList<string> Features =
    [
        "mutable-globals", "sign-extension", "nontrapping-float-to-int", "multi-value",
        "bulk-memory", "reference-types", "simd",
    ];

    private readonly Config _config;

    public WasmRuntime(IOptions<LimitsOptions> limits, TimeProvider time)
    {
        Time = time;
        _config = new Config()
            .WithEpochInterruption(true)
            .WithSIMD(true)
            .WithBulkMemory(true)
            .WithMultiValue(true)
            .WithReferenceTypes(true)
            .WithWasmThreads(false)
            .WithOptimizationLevel(OptimizationLevel.Speed)
            // One core per compilation: ModuleCache bounds how many run at once, so compiling leaves cores to running workers.
            .WithParallelCompilation(false)
            .WithMaximumStackSize(1024 * 1024)
            .WithMemoryInitCopyOnWrite(true);
        Pooled = limits.Value.PooledInstances;
        if (Pooled)
        {
            using var pool = InstancePool.Create(limits.Value);
            _config.WithPoolingAllocationStrategy(pool);
        }

        Engine = new Engine(_config);
        Linker = new Linker(Engine);
        Linker.DefineWasi();
        ConfinedWasiFunctions.Define(Linker);
        Linker.DefineFunction("cu", "post_message", (Caller caller, int ptr, int len, int kind) =>
            GuestContext.From(caller).PostMessage(caller, ptr, len, kind));
        TickMs = limits.Value.EpochTickMs;
        MaxTableElements = limits.Value.MaxTableElements;
    }

    public Engine Engine { get; }

    /// <summary>True when instances come from Wasmtime's pooling allocator (<see cref="InstancePool"/>).</summary>
    public bool Pooled { get; }

    /// <summary>The clock deadlines are measured on (see <see cref="GuestDeadline"/>).</summary>
    public TimeProvider Time { get; }

    public Linker Linker { get; }

    /// <summary>Calls whose passed deadline the epoch ticker reports itself (workers' messages).</summary>
    public DeadlineWatch Watch { get; } = new();

    /// <summary>Elements one table of a guest may have (a store limit).</summary>
    public int MaxTableElements { get; }

    /// <summary>Milliseconds per epoch tick: how often a running guest's deadline is looked at (see <see cref="EpochTicker"/>).</summary>
    public int TickMs { get; }

    public static string Version { get; } =
        typeof(Engine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(Engine).Assembly.GetName().Version?.ToString() ?? "unknown";

    public void Dispose()
    {
        Linker.Dispose();
        Engine.Dispose();
        _config.Dispose();
    }
}
