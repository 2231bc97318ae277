namespace ComputeUtility.Discovery.Selection;

/// <summary>The job a client wants placed: how much data goes each way and how long it takes here, on the client.</summary>
/// <param name="InputBytes">Bytes the client sends (input, messages).</param>
/// <param name="OutputBytes">Bytes that come back.</param>
/// <param name="LocalCompute">The compute time on the client: the "run locally" candidate's whole cost.</param>
public sealed record JobProfile(long InputBytes, long OutputBytes, TimeSpan LocalCompute)
{
    /// <summary>The package, to ask utilities that offer <c>estimates</c> for their own figure.</summary>
    public Uri? Package { get; init; }

    /// <summary>The package's integrity (SRI form), sent with <see cref="Package"/>.</summary>
    public string? Integrity { get; init; }
}
