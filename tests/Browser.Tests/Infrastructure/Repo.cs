namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>Paths in the repository and in the server's build output, found from the test assembly.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration the tests were built with (Debug or Release): the server is built alike.</summary>
    private static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string ServerDll =>
        Path.Combine(Root, "src", "Utility.Server", "bin", Configuration, "net10.0", "ComputeUtility.Server.dll");

    /// <summary>The discover CLI, which the extension's native messaging host runs.</summary>
    public static string DiscoveryCliDll =>
        Path.Combine(Root, "src", "Discovery.Cli", "bin", Configuration, "net10.0", "ComputeUtility.Discovery.Cli.dll");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "ComputeUtility.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ComputeUtility.sln not found above " + AppContext.BaseDirectory);
    }
}
