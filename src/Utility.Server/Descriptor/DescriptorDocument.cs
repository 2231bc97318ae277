using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Measurements;
using ComputeUtility.Server.RateLimits;

namespace ComputeUtility.Server.Descriptor;

/// <summary>The utility descriptor (spec/schemas/descriptor.schema.json).</summary>
internal sealed record DescriptorDocument(
    string ApiVersion,
    long DescriptorVersion,
    string Id,
    string Name,
    DescriptorDocument.ImplementationInfo Implementation,
    IReadOnlyList<DescriptorDocument.RuntimeInfo> Runtimes,
    LimitsOptions Limits,
    DescriptorDocument.HardwareInfo Hardware,
    DescriptorDocument.LoadInfo Load,
    DescriptorDocument.LatencyInfo Latency,
    DescriptorDocument.PolicyInfo Policies,
    RateLimits.RateLimitsView RateLimits,
    IReadOnlyList<string> Features,
    IReadOnlyDictionary<string, string> Links)
{
    internal sealed record ImplementationInfo(string Name, string Version);

    internal sealed record RuntimeInfo(string Name, string Version, IReadOnlyList<string> Abi, IReadOnlyList<string> Wasi,
        IReadOnlyList<string> WasmFeatures);

    internal sealed record HardwareInfo(int Cores, long MemoryBytes, string Architecture, string Os,
        IReadOnlyList<string> Accelerators);

    /// <param name="Pressure">The coarse state (<see cref="PressureState"/>), the only member a cross-origin caller sees.</param>
    internal sealed record LoadInfo(int Workers, int TasksRunning, int QueuedMessages, double CpuUtilization, string Pressure);

    internal sealed record LatencyInfo(LatencyFigure? WorkerStartMs, LatencyFigure? MessageMs, LatencyFigure? TaskMs);

    internal sealed record PolicyInfo(IReadOnlyList<string> AllowedOrigins, bool SameOriginRequired, bool PrivateHostsAllowed,
        bool IntegrityRequired, IReadOnlyList<string> IntegrityAlgorithms, string Authentication);
}
