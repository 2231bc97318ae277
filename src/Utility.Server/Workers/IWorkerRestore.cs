namespace ComputeUtility.Server.Workers;

/// <summary>
/// Creating a worker from a snapshot instead of a package (spec 13.4). Migration implements it, so the create
/// endpoint here can offer it without this folder importing the one that captures and pulls snapshots.
/// </summary>
internal interface IWorkerRestore
{
    /// <summary>The media type of a create request whose body is the snapshot bytes themselves.</summary>
    string SnapshotMediaType { get; }

    /// <summary>Restores a snapshot pulled from <paramref name="snapshotUrl"/> with its own token.</summary>
    Task<(Worker Worker, Access.WorkerToken Token)> RestoreAsync(Uri snapshotUrl, string snapshotToken, string? requestOrigin,
        string selfAuthority, string client, CancellationToken cancellationToken);

    /// <summary>Restores snapshot bytes the client sent itself (a worker that ran on the client).</summary>
    Task<(Worker Worker, Access.WorkerToken Token)> RestoreAsync(ReadOnlyMemory<byte> bytes, string? requestOrigin, string selfAuthority,
        string client, CancellationToken cancellationToken);
}
