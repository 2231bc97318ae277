using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Sandbox;

namespace ComputeUtility.Server.Workers;

/// <summary>
/// A worker's state between two messages (spec 13.1), handed to a snapshot writer on the worker's own loop:
/// <see cref="Memory"/> is the guest's live memory, readable only during that call, so it is copied once, by the writer.
/// </summary>
internal readonly ref struct WorkerCapture(
    string workerId, ResolvedPackage package, DateTimeOffset at, long coversMessagesThrough, long coversEventsThrough,
    ReadOnlySpan<byte> memory, IReadOnlyList<SnapshotGlobal> globals, IReadOnlyList<InboundMessage> pending)
{
    public string WorkerId { get; } = workerId;
    public ResolvedPackage Package { get; } = package;
    public DateTimeOffset At { get; } = at;

    /// <summary>The last message delivered to the guest.</summary>
    public long CoversMessagesThrough { get; } = coversMessagesThrough;

    /// <summary>The worker's last event id.</summary>
    public long CoversEventsThrough { get; } = coversEventsThrough;

    public ReadOnlySpan<byte> Memory { get; } = memory;
    public IReadOnlyList<SnapshotGlobal> Globals { get; } = globals;

    /// <summary>The messages accepted but not yet delivered, in order.</summary>
    public IReadOnlyList<InboundMessage> Pending { get; } = pending;
}
