using ComputeUtility.Server.Workers;

namespace ComputeUtility.Server.Snapshots;

/// <summary>A worker's captured state: header, the memory's non-zero pages, and its undelivered messages.</summary>
internal sealed record CapturedState(SnapshotHeader Header, byte[] Memory, IReadOnlyList<InboundMessage> Pending);
