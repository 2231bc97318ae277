namespace ComputeUtility.TestSupport;

/// <summary>The utility's build output that goes with the running test assembly (same configuration).</summary>
public static class ServerBuild
{
    /// <summary>src/Utility.Server/bin/&lt;configuration of this assembly&gt;/net10.0/ComputeUtility.Server.dll.</summary>
    public static string Dll =>
        Path.Combine(RepositoryRoot(), "src", "Utility.Server", "bin", Configuration, "net10.0", "ComputeUtility.Server.dll");

    /// <summary>Debug or Release: the name of the folder above the running assembly's <c>net10.0</c>.</summary>
    private static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComputeUtility.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ComputeUtility.sln not found above " + AppContext.BaseDirectory);
    }
}
