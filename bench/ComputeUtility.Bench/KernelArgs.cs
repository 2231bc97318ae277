namespace ComputeUtility.Bench;

/// <summary>The spheres workload every peer runs: N=1000 spheres, 300 steps (seed defaults to 1 everywhere).</summary>
internal static class KernelArgs
{
    public const string Spheres = "1000";

    public const string Steps = "300";

    public static readonly string[] Run = [Spheres, Steps];
}
