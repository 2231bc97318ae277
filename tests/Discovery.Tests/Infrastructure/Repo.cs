namespace ComputeUtility.Discovery.Tests.Infrastructure;

/// <summary>Paths in the repository, found from the test's output folder.</summary>
internal static class Repo
{
    public static readonly string Root = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ComputeUtility.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (ComputeUtility.sln) not found above " + AppContext.BaseDirectory);
    }
}
