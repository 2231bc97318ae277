namespace ComputeUtility.Server.Descriptor;

/// <summary>
/// Load as one of the four states of the W3C Compute Pressure API (spec 5, CU-DESC-14): what a page needs to place
/// work, without the fine figures that would let one origin signal to another through the descriptor.
/// </summary>
internal static class PressureState
{
    public const string Nominal = "nominal";
    public const string Fair = "fair";
    public const string Serious = "serious";
    public const string Critical = "critical";

    /// <param name="cpuUtilization">The utility's CPU use, a fraction of all cores.</param>
    /// <param name="tasksWaiting">Tasks waiting for a free task slot.</param>
    /// <param name="workers">Live workers.</param>
    /// <param name="maxWorkers">The <c>maxWorkers</c> limit.</param>
    public static string Of(double cpuUtilization, int tasksWaiting, int workers, int maxWorkers) =>
        cpuUtilization >= 0.9 || workers >= maxWorkers ? Critical
        : cpuUtilization >= 0.6 || tasksWaiting > 0 ? Serious
        : cpuUtilization >= 0.3 ? Fair
        : Nominal;
}
