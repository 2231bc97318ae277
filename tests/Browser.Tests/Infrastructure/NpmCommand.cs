namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>Runs npm, or a tool npm installed, in a folder of the repository and gives back its exit code, standard output and standard error.</summary>
internal static class NpmCommand
{
    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["npm_config_update_notifier"] = "false",
        ["npm_config_fund"] = "false",
        ["npm_config_audit"] = "false",
    };

    /// <param name="bound">A hang guard: the command is killed after this long.</param>
    public static Task<(int ExitCode, string Output, string Errors)> RunAsync(string directory, TimeSpan bound, string file, params string[] args) =>
        ToolRun.RunAsync(directory, bound, file, args, Quiet, "tools/peers/install.sh installs Node.js and npm");
}
