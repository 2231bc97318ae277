namespace ComputeUtility.Server.Access;

/// <summary>
/// Endpoint metadata: the endpoint starts work on the utility (a worker, a task), so the <see cref="AccessGate"/> guards it.
/// The gate reads this from the endpoint routing matched, never from the path's spelling: routing ignores letter case,
/// and a gate that compared strings let <c>POST /V1/workers</c> through without a token (CU-ACC-2).
/// </summary>
internal sealed class CreatesWork
{
    public static readonly CreatesWork Metadata = new();

    private CreatesWork()
    {
    }
}
