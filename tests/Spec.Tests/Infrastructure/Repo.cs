namespace ComputeUtility.Spec.Tests.Infrastructure;

/// <summary>The repository the tests run in: the lint reads its files where they are, not copies.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    public static string Spec(string relative) => Path.Combine(Root, "spec", relative);

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComputeUtility.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
