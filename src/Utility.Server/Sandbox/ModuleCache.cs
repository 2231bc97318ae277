using System.Collections.Concurrent;
using System.Security.Cryptography;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Logging;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Storage;
using Microsoft.Extensions.Options;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Compiled modules by page origin and digest (<see cref="Http.PagePartition"/>; CU-SEC-13): compiled once per origin, kept in memory, and serialized to disk so a
/// restart deserializes (~0.1 ms) instead of compiling (~10 ms per 100 KB). A serialized file
/// is trusted only if its own SHA-256 sidecar matches, because deserialization trusts its input.
/// At most <see cref="LimitsOptions.MaxConcurrentCompilations"/> compilations run at once, each on its
/// own thread and one core, at most <see cref="LimitsOptions.MaxCompilationsPerClient"/> of them for one client; a request waits at
/// most <see cref="LimitsOptions.CompileDeadlineMs"/>.
/// </summary>
internal sealed partial class ModuleCache(WasmRuntime runtime, CacheDirectory cache, IOptions<LimitsOptions> limits, TimeProvider time,
    Telemetry.UtilityMetrics telemetry, ILogger<ModuleCache> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Module>>> _modules = new();
    private readonly string _dir = cache.Sub(Path.Combine("modules", "wasmtime-" + WasmRuntime.Version));
    private readonly CompilationSlots _slots = new(limits.Value.MaxConcurrentCompilations);
    private readonly ClientCompilations _clients = new(limits.Value.MaxCompilationsPerClient);
    private long _compilations;

    /// <summary>How many modules were compiled from bytes (not taken from memory or disk).</summary>
    public long Compilations => Interlocked.Read(ref _compilations);

    /// <summary>The most compilations that ran at the same time, for tests that prove the bound.</summary>
    public int PeakConcurrentCompilations => _slots.Peak;

    /// <summary>The module for <paramref name="digest"/> compiled for <paramref name="partition"/>, if it is in memory or on disk; null otherwise.</summary>
    public Module? TryGet(string partition, SriDigest digest)
    {
        var key = Http.PagePartition.Key(partition, digest.CacheKey);
        if (_modules.TryGetValue(key, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            return lazy.Value.Result;
        }

        var loaded = TryLoad(key);
        if (loaded is null)
        {
            return null;
        }

        var entry = _modules.GetOrAdd(key, new Lazy<Task<Module>>(Task.FromResult(loaded))).Value;
        if (entry.IsCompletedSuccessfully && ReferenceEquals(entry.Result, loaded))
        {
            return loaded;
        }

        loaded.Dispose();
        return entry.IsCompletedSuccessfully ? entry.Result : null;
    }

    /// <summary>
    /// Compiles verified module bytes once per digest; concurrent callers share one compilation. A new compilation is refused
    /// when the module defines more than <see cref="LimitsOptions.MaxModuleFunctions"/> functions, or when
    /// <paramref name="client"/> already has <see cref="LimitsOptions.MaxCompilationsPerClient"/> in flight. Past the deadline the
    /// caller gets deadline-exceeded; the compilation itself cannot be stopped and finishes in its slot, still counted as the
    /// client's, and its result is kept.
    /// </summary>
    public async Task<Module> GetOrCompileAsync(string partition, SriDigest digest, byte[] bytes, string name, string client,
        CancellationToken cancellationToken)
    {
        var options = limits.Value;
        var deadlineMs = options.CompileDeadlineMs;
        var deadline = TimeSpan.FromMilliseconds(deadlineMs);
        var key = Http.PagePartition.Key(partition, digest.CacheKey);
        if (!_modules.TryGetValue(key, out var lazy))
        {
            ModuleShape.CheckFunctions(bytes, options.MaxModuleFunctions);
            if (!_clients.TryEnter(client))
            {
                throw _clients.Refusal(retryAfterSeconds: (deadlineMs + 999) / 1000);
            }

            var ours = new Lazy<Task<Module>>(() => CompileForAsync(key, bytes, name, client, deadline));
            lazy = _modules.GetOrAdd(key, ours);
            if (!ReferenceEquals(lazy, ours))
            {
                _clients.Exit(client); // another request started this module meanwhile: share it
            }
        }

        _ = lazy.Value.ContinueWith(_ => _modules.TryRemove(new KeyValuePair<string, Lazy<Task<Module>>>(key, lazy)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            return await lazy.Value.WaitAsync(deadline, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new ProblemException(ProblemTypes.DeadlineExceeded,
                    $"The module did not compile within {deadlineMs} ms (limits.compileDeadlineMs), waiting for a free compilation slot included.")
                .With("limit", deadlineMs);
        }
    }

    /// <summary>Compilations in flight (waiting or running) started for <paramref name="client"/>.</summary>
    public int CompilationsInFlight(string client) => _clients.Of(client);

    private async Task<Module> CompileForAsync(string key, byte[] bytes, string name, string client, TimeSpan deadline)
    {
        try
        {
            return await _slots.RunAsync(() => Compile(key, bytes, name), deadline);
        }
        finally
        {
            _clients.Exit(client);
        }
    }

    private Module Compile(string key, byte[] bytes, string name)
    {
        using var compiling = telemetry.Compile(name);
        if (Module.Validate(runtime.Engine, bytes) is { Length: > 0 } error)
        {
            throw new ProblemException(ProblemTypes.InvalidModule, $"The module is not valid WebAssembly for this utility: {error}");
        }

        Module module;
        try
        {
            module = Module.FromBytes(runtime.Engine, name, bytes);
        }
        catch (WasmtimeException ex)
        {
            throw new ProblemException(ProblemTypes.InvalidModule, $"The module failed to compile: {ex.Message.Split('\n')[0]}");
        }

        Interlocked.Increment(ref _compilations);
        compiling.Succeeded();
        Persist(key, module);
        return module;
    }

    private void Persist(string key, Module module)
    {
        try
        {
            var serialized = module.Serialize();
            var path = Path.Combine(_dir, key + ".cwasm");
            var temp = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(temp, serialized);
            File.WriteAllText(path + ".sha256", Convert.ToHexStringLower(SHA256.HashData(serialized)));
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException ex)
        {
            LogPersistFailed(logger, ex, key);
        }
    }

    private Module? TryLoad(string key)
    {
        var path = Path.Combine(_dir, key + ".cwasm");
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var bytes = File.ReadAllBytes(path);
            var expected = File.ReadAllText(path + ".sha256").Trim();
            if (!string.Equals(expected, Convert.ToHexStringLower(SHA256.HashData(bytes)), StringComparison.Ordinal))
            {
                LogCorrupt(logger, key);
                File.Delete(path);
                return null;
            }

            return Module.Deserialize(runtime.Engine, key, bytes);
        }
        catch (Exception ex) when (ex is IOException or WasmtimeException or UnauthorizedAccessException)
        {
            LogCorrupt(logger, key);
            return null;
        }
    }

    public void Dispose()
    {
        // The engine goes away after this cache: no compilation may still be using it.
        var tasks = _modules.Values.Where(l => l.IsValueCreated).Select(l => l.Value).ToArray();
        try
        {
            Task.WaitAll(tasks, TimeSpan.FromMinutes(2));
        }
        catch (AggregateException)
        {
            // Failed compilations were answered already.
        }

        foreach (var task in tasks.Where(t => t.IsCompletedSuccessfully))
        {
            task.Result.Dispose();
        }

        _slots.Dispose();
    }

    [LoggerMessage(EventId = LogEvents.CompiledModuleNotPersisted, Level = LogLevel.Warning, Message = "Could not persist compiled module {Key}")]
    private static partial void LogPersistFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = LogEvents.CompiledModuleCorrupt, Level = LogLevel.Warning, Message = "Compiled module {Key} on disk is corrupt or stale; recompiling")]
    private static partial void LogCorrupt(ILogger logger, string key);
}
