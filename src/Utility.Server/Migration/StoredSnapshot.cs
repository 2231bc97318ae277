using ComputeUtility.Server.Access;

namespace ComputeUtility.Server.Migration;

/// <summary>A snapshot the utility holds for pulling: its bytes, digest and own token.</summary>
internal sealed record StoredSnapshot(string Id, string WorkerId, WorkerToken Token, byte[] Bytes, string Digest,
    long CoversMessagesThrough, DateTimeOffset CreatedAt);
