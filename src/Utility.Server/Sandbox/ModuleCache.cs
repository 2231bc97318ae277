using System.Collections.Concurrent;
using System.Security.Cryptography;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Compiled modules by digest: compiled once, kept in memory, and serialized to disk so a
/// restart deserializes (~0.1 ms) instead of compiling (~10 ms per 100 KB). A serialized file
/// is trusted only if its own SHA-256 sidecar matches, because deserialization trusts its input.
/// </summary>
internal sealed partial class ModuleCache(WasmRuntime runtime, CacheDirectory cache, ILogger<ModuleCache> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Module>> _modules = new();
    private readonly string _dir = cache.Sub(Path.Combine("modules", "wasmtime-" + WasmRuntime.Version));
    private long _compilations;

    /// <summary>How many modules were compiled from bytes (not taken from memory or disk).</summary>
    public long Compilations => Interlocked.Read(ref _compilations);

    /// <summary>The module for <paramref name="digest"/> if it is in memory or on disk; null otherwise.</summary>
    public Module? TryGet(SriDigest digest)
    {
        if (_modules.TryGetValue(digest.CacheKey, out var lazy) && lazy.IsValueCreated)
        {
            return lazy.Value;
        }

        var loaded = TryLoad(digest.CacheKey);
        return loaded is null ? null : _modules.GetOrAdd(digest.CacheKey, new Lazy<Module>(loaded)).Value;
    }

    /// <summary>Compiles verified module bytes once per digest; concurrent callers share one compilation.</summary>
    public Module GetOrCompile(SriDigest digest, byte[] bytes, string name)
    {
        var lazy = _modules.GetOrAdd(digest.CacheKey, key => new Lazy<Module>(() => Compile(key, bytes, name)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _modules.TryRemove(new KeyValuePair<string, Lazy<Module>>(digest.CacheKey, lazy));
            throw;
        }
    }

    private Module Compile(string key, byte[] bytes, string name)
    {
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
        foreach (var lazy in _modules.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Could not persist compiled module {Key}")]
    private static partial void LogPersistFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Compiled module {Key} on disk is corrupt or stale; recompiling")]
    private static partial void LogCorrupt(ILogger logger, string key);
}
