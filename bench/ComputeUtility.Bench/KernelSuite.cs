namespace ComputeUtility.Bench;

/// <summary>Row 13's kernels (bench/kernels) and the runtimes each one runs on.</summary>
internal static class KernelSuite
{
    public static readonly string[] Kernels = ["spheres", "blur", "gemm", "sha256"];

    /// <summary>Every process (and task) runs its kernel twice and the second run counts: the first warms code and caches.</summary>
    public const int RunsPerProcess = 2;

    public const string Task = "utility task";
    public const string Worker = "utility worker";
    public const string Native = "native";
    public const string Node = "node";
    public const string BareEpoch = "bare Wasmtime, epochs on";
    public const string BareNoEpoch = "bare Wasmtime, epochs off";

    public static readonly string[] Peers = [Task, Worker, Native, Node, BareEpoch, BareNoEpoch];
}
