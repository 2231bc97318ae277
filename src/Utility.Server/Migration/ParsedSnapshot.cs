using ComputeUtility.Server.Messages;

namespace ComputeUtility.Server.Migration;

/// <summary>
/// A snapshot read for restoring: its header, where each non-zero page sits in the snapshot bytes
/// (so pages are copied once, straight into the new instance), and its undelivered messages.
/// </summary>
internal sealed record ParsedSnapshot(SnapshotHeader Header, ReadOnlyMemory<byte> Bytes, IReadOnlyList<(int Page, int Offset)> Pages,
    IReadOnlyList<InboundMessage> Pending);
