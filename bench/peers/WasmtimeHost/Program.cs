using System.Diagnostics;
using Wasmtime;

// wasmtime-host --epoch on|off module.wasm [args...]
// Runs a WASI preview1 command once in a bare Wasmtime host with the utility's engine settings (WasmRuntime.cs: Cranelift
// at Speed, SIMD, no parallel compilation, 1 MiB guest stack), with or without epoch interruption; with it, a thread
// advances the epoch every 10 ms (the utility's default tick) and the callback only lets the guest go on, as the
// utility's does before the deadline. The guest's stdout goes to this process's stdout; the last line on stderr is
// the time of _start alone: "start-ms=…".
if (args.Length < 3 || args[0] != "--epoch" || args[1] is not ("on" or "off"))
{
    Console.Error.WriteLine("usage: wasmtime-host --epoch on|off module.wasm [args...]");
    return 2;
}

var epoch = args[1] == "on";
using var config = new Config()
    .WithEpochInterruption(epoch)
    .WithSIMD(true)
    .WithBulkMemory(true)
    .WithMultiValue(true)
    .WithReferenceTypes(true)
    .WithWasmThreads(false)
    .WithOptimizationLevel(OptimizationLevel.Speed)
    .WithParallelCompilation(false)
    .WithMaximumStackSize(1024 * 1024);
using var engine = new Engine(config);
using var module = Module.FromFile(engine, args[2]);
using var linker = new Linker(engine);
linker.DefineWasi();
using var store = new Store(engine);
store.SetWasiConfiguration(new WasiConfiguration()
    .WithArgs([Path.GetFileNameWithoutExtension(args[2]), .. args[3..]])
    .WithInheritedStandardOutput()
    .WithInheritedStandardError());

using var stop = new ManualResetEventSlim();
Thread? ticker = null;
if (epoch)
{
    store.SetEpochDeadline(1);
    store.SetEpochDeadlineCallback(_ => 1UL);
    ticker = new Thread(() =>
    {
        while (!stop.Wait(10))
        {
            engine.IncrementEpoch();
        }
    }) { IsBackground = true };
    ticker.Start();
}

var instance = linker.Instantiate(store, module);
var start = instance.GetAction("_start") ?? throw new InvalidOperationException("not a WASI command: no _start");
var clock = Stopwatch.StartNew();
var exitCode = 0;
try
{
    start();
}
catch (WasmtimeException ex) when (ex.ExitCode is { } code)
{
    exitCode = code;
}

var ms = clock.Elapsed.TotalMilliseconds;
stop.Set();
ticker?.Join();
Console.Out.Flush();
Console.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"start-ms={ms:0.000}"));
return exitCode;
