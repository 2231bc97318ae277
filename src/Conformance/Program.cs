using ComputeUtility.Conformance.Cli;

namespace ComputeUtility.Conformance;

/// <summary>cu-conformance: checks a compute utility against spec/ and writes an implementation report.</summary>
internal static class EntryPoint
{
    public static Task<int> Main(string[] args) => ConformanceCommandLine.InvokeAsync(args, Console.Out, Console.Error);
}
