namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>Paths in the repository and in the test output (spec and demo files are copied there).</summary>
internal static class Repo
{
    public static string Output => AppContext.BaseDirectory;

    public static string Spec(string relative) => Path.Combine(Output, "spec", relative);

    public static byte[] Example(string relative) => File.ReadAllBytes(Path.Combine(Output, "demo", relative));

    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(Output);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ComputeUtility.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
        }
    }
}
