using ComputeUtility.Conformance.Checks;

namespace ComputeUtility.Conformance.Cli;

/// <summary>Lists every check with its profile and the requirement ids it cites.</summary>
internal static class ListCommand
{
    public static int Execute(TextWriter output)
    {
        foreach (var check in CheckCatalog.All)
        {
            output.WriteLine($"{check.Profile,-10} {check.Id,-44} {string.Join(" ", check.Requirements)}  {check.Title}");
        }

        output.WriteLine($"{CheckCatalog.All.Count} checks");
        return 0;
    }
}
