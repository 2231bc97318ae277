using System.CommandLine;
using ComputeUtility.Conformance.Running;

namespace ComputeUtility.Conformance.Cli;

/// <summary>What <c>cu-conformance run</c> was asked to do, read from its command line (<see cref="RunCommandLine"/>).</summary>
internal sealed record RunOptions(SuiteSettings Settings, string? JsonPath, string? JUnitPath, string? MarkdownPath)
{
    /// <summary>Parses the arguments after <c>run</c>; every parse error, each naming its option, in one <see cref="ArgumentException"/>.</summary>
    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        var surface = new RunCommandLine();
        var result = surface.Command.Parse(args.ToArray());
        if (result.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", result.Errors.Select(e => e.Message)));
        }

        return surface.Read(result);
    }
}
