namespace ComputeUtility.Server.Migration;

/// <summary>The Snapshot resource (spec/schemas/snapshot.schema.json).</summary>
/// <param name="CoversEventsThrough">The worker's last event id when the snapshot was taken: a client that replays the
/// messages after <paramref name="CoversMessagesThrough"/> elsewhere knows which replies it has already seen.</param>
/// <param name="Pages">The number of page records in the bytes: the non-zero pages, or in a delta the changed ones.</param>
/// <param name="Base">The id of the snapshot a delta was taken against (spec 13.5); absent for a full snapshot.</param>
internal sealed record SnapshotView(string Id, string WorkerId, DateTimeOffset CreatedAt, long SizeBytes, string Digest,
    long CoversMessagesThrough, long HoldsMessagesThrough, long CoversEventsThrough, string Url, string Token, int Pages, string? Base);
