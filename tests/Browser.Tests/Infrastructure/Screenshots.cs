namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>Where the demo tests put their screenshots: the test output, to be looked at and copied to docs/screenshots.</summary>
internal static class Screenshots
{
    public static string PathOf(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
