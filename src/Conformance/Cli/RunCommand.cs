using ComputeUtility.Conformance.Reports;
using ComputeUtility.Conformance.Running;

namespace ComputeUtility.Conformance.Cli;

/// <summary>Runs the suite and writes the reports; exit code 0 if and only if every required check passed, 1 if one failed, 2 if the suite could not start.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(RunOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var report = await new SuiteRunner(output).RunAsync(options.Settings, cancellationToken);
        ConsoleSummary.Write(report, output);
        await WriteAsync(options.JsonPath, () => JsonReport.Write(report), output);
        await WriteAsync(options.JUnitPath, () => JUnitReport.Build(report).ToString(), output);
        await WriteAsync(options.MarkdownPath, () => MarkdownReport.Build(report), output);
        return report.SetupError is not null ? 2 : report.Passed ? 0 : 1;
    }

    private static async Task WriteAsync(string? path, Func<string> content, TextWriter output)
    {
        if (path is null)
        {
            return;
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, content());
        await output.WriteLineAsync($"cu-conformance: wrote {full}");
    }
}
