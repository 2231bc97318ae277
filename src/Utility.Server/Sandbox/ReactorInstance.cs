using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Problems;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// One instantiated cu1 reactor in its own store: memory-capped, WASI with no preopens, no
/// environment and no sockets, stdout/stderr as log lines. Not thread-safe: one caller at a time.
/// </summary>
internal sealed class ReactorInstance : IDisposable
{
    private readonly Store _store;
    private readonly GuestContext _context;
    private readonly Memory _memory;
    private readonly Func<int, int> _alloc;
    private readonly Action<int, int, int> _onMessage;
    private readonly Action? _initialize;
    private readonly Instance _instance;
    private readonly Module _module;
    private readonly LineSplitter _stdout;
    private readonly LineSplitter _stderr;

    public ReactorInstance(WasmRuntime runtime, Module module, string name, IGuestOutput output, long memoryLimit,
        int maxMessageBytes)
    {
        _context = new GuestContext(output, maxMessageBytes, runtime.Time, runtime.Watch);
        _stdout = new LineSplitter("stdout", output.OnLog);
        _stderr = new LineSplitter("stderr", output.OnLog);
        _store = new Store(runtime.Engine, _context);
        try
        {
            GuestLimits.Apply(_store, runtime, memoryLimit);
            _store.SetWasiConfiguration(new WasiConfiguration()
                .WithArg(name)
                .WithStandardOutputCallback(data => _stdout.Write(data))
                .WithStandardErrorCallback(data => _stderr.Write(data)));
            _store.SetEpochDeadlineCallback(_context.Deadline.OnTick);
            _context.Deadline.Arm(_store, InstantiateDeadlineMs);
            Instance instance;
            try
            {
                instance = runtime.Linker.Instantiate(_store, module);
            }
            catch (WasmtimeException ex)
            {
                throw GuestLimits.InstantiationFailed(ex, runtime, "module");
            }

            _instance = instance;
            _module = module;
            _memory = instance.GetMemory("memory") ?? throw new ProblemException(ProblemTypes.AbiMismatch, "No memory export.");
            _alloc = instance.GetFunction<int, int>("cu_alloc")
                ?? throw new ProblemException(ProblemTypes.AbiMismatch, "No cu_alloc export.");
            _onMessage = instance.GetAction<int, int, int>("cu_on_message")
                ?? throw new ProblemException(ProblemTypes.AbiMismatch, "No cu_on_message export.");
            _initialize = instance.GetAction("_initialize");
        }
        catch
        {
            _store.Dispose();
            throw;
        }
    }

    /// <summary>Instantiation runs no guest code of cu1 (a start function at most); this only bounds a hostile one.</summary>
    private const int InstantiateDeadlineMs = 60_000;

    /// <summary>Bytes of linear memory the guest holds now.</summary>
    public long MemoryBytes => _memory.GetLength();

    /// <summary>Calls <c>_initialize</c> once, if the guest exports it.</summary>
    public void Initialize(int deadlineMs)
    {
        if (_initialize is { } init)
        {
            Run(deadlineMs, "_initialize", init);
        }
    }

    /// <summary>Delivers one message: <c>cu_alloc(len)</c>, copy, <c>cu_on_message(ptr, len, kind)</c>.</summary>
    public void Deliver(ReadOnlyMemory<byte> payload, MessageKind kind, int deadlineMs)
    {
        Run(deadlineMs, "cu_on_message", () =>
        {
            var length = payload.Length;
            var ptr = _alloc(length);
            if (ptr < 0 || (ptr == 0 && length > 0) || (long)ptr + length > _memory.GetLength())
            {
                throw new GuestFault(ProblemTypes.GuestTrap, $"cu_alloc({length}) returned {ptr}, which is not a usable buffer.");
            }

            payload.Span.CopyTo(_memory.GetSpan(ptr, length));
            _onMessage(ptr, length, (int)kind);
        });
    }

    /// <summary>
    /// Called once on the epoch ticker's thread when a call runs past its deadline, with the fault to report; the guest
    /// itself stops at its next check. Set it once, before the first message.
    /// </summary>
    public void OnDeadlinePassed(Action<GuestFault> report) =>
        _context.Deadline.Expired = elapsed => report(GuestCall.DeadlineFault(elapsed, _callDeadlineMs, _callWhat));

    private int _callDeadlineMs;
    private string _callWhat = "";

    private void Run(int deadlineMs, string what, Action call)
    {
        _callDeadlineMs = deadlineMs;
        _callWhat = what;
        try
        {
            GuestCall.Run(_store, _context, deadlineMs, what, call);
        }
        finally
        {
            _stdout.Complete();
            _stderr.Complete();
        }
    }

    /// <summary>Stops the call in progress at the next epoch tick, and every later one (the worker ended); any thread may call it.</summary>
    public void Interrupt() => _context.Deadline.Interrupt();

    /// <summary>The guest's linear memory as it is now; read it only between guest calls.</summary>
    public ReadOnlySpan<byte> MemorySpan => _memory.GetSpan(0, checked((int)_memory.GetLength()));

    /// <summary>Every exported mutable global with its raw bits; call only between guest calls.</summary>
    public IReadOnlyList<SnapshotGlobal> CaptureGlobals() =>
        _module.Exports.OfType<GlobalExport>()
            .Where(g => g.Mutability == Mutability.Mutable)
            .Select(g => new SnapshotGlobal(g.Name, GlobalBits.TypeName(g.Kind),
                GlobalBits.ToBits(_instance.GetGlobal(g.Name)!.GetValue()!, g.Kind)))
            .ToList();

    /// <summary>
    /// Gives the fresh instance a snapshot's memory and globals (instead of <c>_initialize</c>): <paramref name="pages"/>
    /// says where each non-zero page of <paramref name="memoryBytes"/> sits in <paramref name="bytes"/>.
    /// </summary>
    public void Restore(long memoryBytes, ReadOnlyMemory<byte> bytes, IReadOnlyList<(int Page, int Offset)> pages, IReadOnlyList<SnapshotGlobal> globals)
    {
        var length = memoryBytes;
        if (_memory.GetLength() > length)
        {
            throw new ProblemException(ProblemTypes.InvalidModule, "The snapshot's memory is smaller than the module's initial memory.");
        }

        // The fresh memory holds the module's data segments: clear them; pages grown past it start zero.
        _memory.GetSpan(0, checked((int)_memory.GetLength())).Clear();
        Patch(length, bytes, pages, globals);
    }

    /// <summary>
    /// Writes a delta snapshot's pages and globals over the state a <see cref="Restore"/> gave an instance not yet running
    /// (live migration): the memory grows to <paramref name="memoryBytes"/> and each listed page is replaced.
    /// </summary>
    public void Patch(long memoryBytes, ReadOnlyMemory<byte> bytes, IReadOnlyList<(int Page, int Offset)> pages, IReadOnlyList<SnapshotGlobal> globals)
    {
        var length = memoryBytes;
        var grow = (length / SnapshotPage) - _memory.GetSize();
        if (grow > 0 && _memory.Grow(grow) < 0)
        {
            throw new ProblemException(ProblemTypes.PackageTooLarge, $"The restored memory of {length} bytes does not fit this worker's memory limit.");
        }

        var memory = _memory.GetSpan(0, checked((int)length));
        foreach (var (page, offset) in pages)
        {
            bytes.Span.Slice(offset, SnapshotPage).CopyTo(memory[(page * SnapshotPage)..]);
        }

        foreach (var captured in globals)
        {
            var export = _module.Exports.OfType<GlobalExport>().FirstOrDefault(g => g.Name == captured.Name);
            if (export is null || export.Mutability != Mutability.Mutable || GlobalBits.TypeName(export.Kind) != captured.Type)
            {
                throw new ProblemException(ProblemTypes.AbiMismatch,
                    $"The snapshot sets global '{captured.Name}' ({captured.Type}), which the module does not export as a mutable global of that type.");
            }

            _instance.GetGlobal(captured.Name)!.SetValue(GlobalBits.FromBits(captured.Bits, export.Kind));
        }
    }

    private const int SnapshotPage = 65536;

    public void Dispose() => _store.Dispose();
}
