namespace ComputeUtility.Bench;

/// <summary>One peer's spheres result: median time, the checksum line it printed, and what the figure includes.</summary>
internal sealed record KernelFigure(double MedianMs, string Line, string Detail);
