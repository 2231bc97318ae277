namespace ComputeUtility.Server.Workers;

/// <summary>Body of <c>POST /v1/workers</c>: a package by URL and integrity, or a snapshot to restore.</summary>
internal sealed record WorkerCreateRequest(string? Package, string? Integrity, string? Snapshot, string? Token);
