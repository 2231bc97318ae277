namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Thrown from the epoch-deadline callback (<see cref="GuestDeadline"/>) to end a guest call; Wasmtime hands it
/// back as the inner exception of the call's failure, and <see cref="GuestCall"/> turns it into a fault.
/// </summary>
internal sealed class GuestStopped(TimeSpan? elapsed) : Exception(elapsed is null ? "The guest call was interrupted." : "The guest call reached its deadline.")
{
    /// <summary>How long the call had run when it was stopped; null when it was interrupted (its worker ended), not late.</summary>
    public TimeSpan? Elapsed { get; } = elapsed;
}
