namespace ComputeUtility.Server.Migration;

/// <summary>
/// Body of <c>POST /v1/restores</c> (a full snapshot to prepare) and of <c>POST /v1/restores/{id}</c> (a delta to apply;
/// with <c>start</c>, the last one, after which the worker runs).
/// </summary>
internal sealed record RestoreRequest(string? Snapshot, string? Token, bool Start = false);
