using ComputeUtility.SpecSite.Cli;

namespace ComputeUtility.SpecSite;

/// <summary>Builds the spec site: static HTML of spec/, the requirement index, the checks and the implementation reports.</summary>
internal static class EntryPoint
{
    public static int Main(string[] args) => Run(args, Environment.CurrentDirectory, Console.Out, Console.Error);

    public static int Run(string[] args, string workingDirectory, TextWriter output, TextWriter error)
    {
        var (arguments, errors) = BuildArguments.Parse(args, workingDirectory);
        if (arguments is null)
        {
            foreach (var message in errors)
            {
                error.WriteLine($"spec site: {message}");
            }

            error.WriteLine(BuildArguments.Usage);
            return 2;
        }

        try
        {
            new SiteBuilder(arguments.Repo, arguments.Output, arguments.Renderer, output).Build();
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"spec site: {ex.Message}");
            return 1;
        }
    }
}
