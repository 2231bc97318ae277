namespace ComputeUtility.Server.Workers;

/// <summary>
/// Something another feature keeps per worker (the snapshots taken of it): the janitor sweeps it after each pass,
/// so it goes with its worker without this folder knowing what it holds.
/// </summary>
internal interface IWorkerBoundStore
{
    /// <summary>Drops what belongs to workers no longer known, and what is past its own time.</summary>
    void Sweep(Func<string, bool> workerKnown);
}
