using ComputeUtility.Server.Access;

namespace ComputeUtility.Server.Migration;

/// <summary>A snapshot the utility holds for pulling: its bytes, digest and own token, and the image later deltas are taken against.</summary>
/// <param name="Base">The id of the snapshot a delta was taken against; null for a full snapshot.</param>
internal sealed record StoredSnapshot(string Id, string WorkerId, WorkerToken Token, byte[] Bytes, string Digest,
    long CoversMessagesThrough, DateTimeOffset CreatedAt, SnapshotImage Image, string? Base = null);
