namespace ComputeUtility.Server.Snapshots;

/// <summary>The Snapshot resource (spec/schemas/snapshot.schema.json).</summary>
internal sealed record SnapshotView(string Id, string WorkerId, DateTimeOffset CreatedAt, long SizeBytes, string Digest,
    long CoversMessagesThrough, string Url, string Token);
