using System.CommandLine;
using System.CommandLine.Help;

namespace ComputeUtility.Conformance.Cli;

/// <summary>
/// The verbs of cu-conformance (<c>run</c>, <c>list</c>) wired to what they do. Exit codes: 0 passed (or listed, or help),
/// 1 a required check failed, 2 a usage error (each error names its option) or a suite that could not start.
/// </summary>
internal static class ConformanceCommandLine
{
    public const int UsageError = 2;

    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var run = new RunCommandLine();
        run.Command.SetAction((result, token) => RunCommand.ExecuteAsync(run.Read(result), output, token));
        var list = new Command("list", "List every check with its profile and the requirement ids it cites");
        list.SetAction(_ => ListCommand.Execute(output));
        // Named for the tool's command rather than the assembly, so help reads as it is typed.
        var root = new Command("cu-conformance", "Checks a compute utility against spec/ and writes an implementation report")
        {
            run.Command, list, new HelpOption(), new VersionOption(),
        };

        // No @response files: an argument is what it says.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            foreach (var problem in result.Errors)
            {
                await error.WriteLineAsync($"cu-conformance: {problem.Message}");
            }

            var verb = result.CommandResult.Command == root ? "" : " " + result.CommandResult.Command.Name;
            await error.WriteLineAsync($"usage: cu-conformance{verb} --help shows the options");
            return UsageError;
        }

        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
