using ComputeUtility.Conformance.Cli;

namespace ComputeUtility.Conformance;

/// <summary>cu-conformance: checks a compute utility against spec/ and writes an implementation report.</summary>
internal static class EntryPoint
{
    public static async Task<int> Main(string[] args) => args.FirstOrDefault() switch
    {
        "run" => await RunCommand.ExecuteAsync(args.Skip(1).ToArray(), Console.Out, Console.Error),
        "list" => ListCommand.Execute(Console.Out),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine(RunOptions.Usage);
        return 2;
    }
}
