namespace ComputeUtility.Server.Migration;

/// <summary>The Snapshot resource (spec/schemas/snapshot.schema.json).</summary>
/// <param name="CoversEventsThrough">The worker's last event id when the snapshot was taken: a client that replays the
/// messages after <paramref name="CoversMessagesThrough"/> elsewhere knows which replies it has already seen.</param>
internal sealed record SnapshotView(string Id, string WorkerId, DateTimeOffset CreatedAt, long SizeBytes, string Digest,
    long CoversMessagesThrough, long HoldsMessagesThrough, long CoversEventsThrough, string Url, string Token);
