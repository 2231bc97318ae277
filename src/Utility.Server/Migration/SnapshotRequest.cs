namespace ComputeUtility.Server.Migration;

/// <summary>The optional body of <c>POST /v1/workers/{id}/snapshots</c>: the id of an earlier snapshot to take a delta against (spec 13.5).</summary>
internal sealed record SnapshotRequest(string? Base);
