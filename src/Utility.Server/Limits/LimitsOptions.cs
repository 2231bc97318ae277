using System.ComponentModel.DataAnnotations;

namespace ComputeUtility.Server.Limits;

/// <summary>Every limit the utility enforces; each one is published in the descriptor.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    private int? _maxConnectionsPerClient;
    private int? _maxEventStreamsPerClient;
    private int? _orphanTimeoutSeconds;

    [Range(1, 100_000)] public int MaxWorkers { get; set; } = 64;
    [Range(65_536, 4L * 1024 * 1024 * 1024)] public long MaxMemoryBytesPerWorker { get; set; } = 256L * 1024 * 1024;
    [Range(1_024, 64 * 1024 * 1024)] public int MaxMessageBytes { get; set; } = 1024 * 1024;
    [Range(1, 1_000_000)] public int MaxQueuedMessages { get; set; } = 1024;
    [Range(1, 3_600_000)] public int MessageDeadlineMs { get; set; } = 5_000;
    [Range(1, 86_400 * 7)] public int IdleTimeoutSeconds { get; set; } = 600;

    /// <summary>
    /// A worker that had a channel or event stream and has had none, and no accepted message, for this long ends with
    /// reason orphaned (CU-WRK-17): its page is gone. Unset, 30 s or the idle timeout, whichever is shorter.
    /// </summary>
    [Range(1, 86_400 * 7)]
    public int OrphanTimeoutSeconds
    {
        get => _orphanTimeoutSeconds ?? Math.Min(30, IdleTimeoutSeconds);
        set => _orphanTimeoutSeconds = value;
    }

    /// <summary>
    /// How often every channel connection gets a heartbeat (CU-CHAN-28); a WebSocket client silent for three of them is
    /// closed with 4002 (CU-CHAN-30). At most 30 s: the heartbeat is also the keep-alive of CU-CHAN-25.
    /// </summary>
    [Range(100, 30_000)] public int HeartbeatIntervalMs { get; set; } = 15_000;

    [Range(256, 16 * 1024 * 1024)] public int MaxManifestBytes { get; set; } = 64 * 1024;
    [Range(1_024, 1024L * 1024 * 1024)] public long MaxModuleBytes { get; set; } = 64L * 1024 * 1024;
    [Range(1, 3_600_000)] public int TaskDeadlineMs { get; set; } = 30_000;
    [Range(65_536, 4L * 1024 * 1024 * 1024)] public long MaxTaskMemoryBytes { get; set; } = 256L * 1024 * 1024;
    [Range(1_024, 256 * 1024 * 1024)] public int MaxTaskOutputBytes { get; set; } = 1024 * 1024;
    [Range(0, 256 * 1024 * 1024)] public int MaxTaskStdinBytes { get; set; } = 1024 * 1024;
    [Range(16, 10_000_000)] public int EventBufferEvents { get; set; } = 4096;
    [Range(65_536, 4L * 1024 * 1024 * 1024)] public long EventBufferBytes { get; set; } = 16L * 1024 * 1024;
    [Range(1_024, 1024L * 1024 * 1024)] public long MaxRequestBodyBytes { get; set; } = 2L * 1024 * 1024;
    [Range(1, 10_000)] public int MaxConcurrentTasks { get; set; } = 16;

    /// <summary>Table elements one table of a guest may have (Wasmtime store limit); a module asking for more is refused.</summary>
    [Range(1_000, 10_000_000)] public int MaxTableElements { get; set; } = 100_000;

    /// <summary>Modules compiled at once; more wait, so compiling never takes every core from running workers.</summary>
    [Range(1, 64)] public int MaxConcurrentCompilations { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// Compilations one client (an IPv4 address or IPv6 /64) may have waiting or running, those past their deadline included;
    /// one more is refused with 429 rate-limited. Half the compilation slots by default, so one client never holds them all.
    /// </summary>
    [Range(1, 64)] public int MaxCompilationsPerClient { get; set; } = Math.Max(1, Environment.ProcessorCount / 4);

    /// <summary>Functions a module may define; compile time grows with them, so a module of more is refused before compiling.</summary>
    [Range(1, 1_000_000)] public int MaxModuleFunctions { get; set; } = 100_000;

    /// <summary>Wall-clock time one module may take to compile before the request gets deadline-exceeded.</summary>
    [Range(100, 600_000)] public int CompileDeadlineMs { get; set; } = 20_000;

    // Connections (Kestrel), so a slow or oversized client cannot hold the server: see Hosting/KestrelLimitsSetup.

    /// <summary>Time a client has to send all request headers; also the longest a connection may stay silent before or between requests.</summary>
    [Range(100, 600_000)] public int RequestHeadersTimeoutMs { get; set; } = 10_000;

    /// <summary>Total size of the request line and headers of one request.</summary>
    [Range(4_096, 1024 * 1024)] public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>Headers in one request.</summary>
    [Range(16, 10_000)] public int MaxRequestHeaders { get; set; } = 100;

    /// <summary>A request body slower than this (after a 5 s grace period) is dropped.</summary>
    [Range(1, 1024 * 1024)] public int MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>Open connections at once, upgraded ones included.</summary>
    [Range(16, 1_000_000)] public int MaxConnections { get; set; } = 1024;

    /// <summary>Open WebSocket channels at once.</summary>
    [Range(1, 1_000_000)] public int MaxUpgradedConnections { get; set; } = 512;

    /// <summary>
    /// Open connections of one client (an address, or an IPv6 /64), so one client cannot take every connection;
    /// unset, half of <see cref="MaxConnections"/>. Every client on this machine is the one address 127.0.0.1 (or ::1).
    /// </summary>
    [Range(2, 1_000_000)]
    public int MaxConnectionsPerClient
    {
        get => _maxConnectionsPerClient ?? Math.Max(2, MaxConnections / 2);
        set => _maxConnectionsPerClient = value;
    }

    /// <summary>
    /// Event streams and WebSocket channels one client holds open at once (each holds a connection as long as its
    /// worker lives); unset, half of <see cref="MaxConnectionsPerClient"/>.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxEventStreamsPerClient
    {
        get => _maxEventStreamsPerClient ?? Math.Max(1, MaxConnectionsPerClient / 2);
        set => _maxEventStreamsPerClient = value;
    }

    /// <summary>
    /// Events kept for ended workers, all together (CU-WRK-12): past it, the events their readers already had are
    /// dropped, oldest-ended worker first, and then the oldest ended workers are forgotten early.
    /// </summary>
    [Range(1024 * 1024, 64L * 1024 * 1024 * 1024)] public long MaxRetainedEventBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Threads guest code runs on at once (Sandbox/GuestThreads), never the thread pool's; more calls wait their turn. The
    /// default covers every worker and task of the default limits (64 + 16), so none waits for a thread there.
    /// </summary>
    [Range(1, 4_096)] public int MaxGuestThreads { get; set; } = 128;

    /// <summary>
    /// Instances from Wasmtime's pooling allocator (Sandbox/InstancePool): memories, tables and instance state reserved
    /// once at start, sized from these limits (<see cref="MaxWorkers"/> + <see cref="MaxConcurrentTasks"/> guests, each up
    /// to the larger memory limit), and reused; linear memories start copy-on-write from the module's image. Off: every
    /// instance maps and unmaps its own. Bench rows 3 and 14 measure both.
    /// </summary>
    public bool PooledInstances { get; set; }

    /// <summary>How often a running guest's deadline is looked at: the epoch tick (a benchmark chose it).</summary>
    [Range(1, 1_000)] public int EpochTickMs { get; set; } = 10;
}
