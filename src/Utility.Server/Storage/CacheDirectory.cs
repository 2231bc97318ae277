namespace ComputeUtility.Server.Storage;

/// <summary>The root folder of the utility's on-disk caches.</summary>
internal sealed class CacheDirectory
{
    /// <param name="configured">The owner's choice (<c>Packages:CacheDirectory</c>); empty means the XDG cache folder.</param>
    public CacheDirectory(string? configured)
    {
        Root = string.IsNullOrEmpty(configured)
            ? Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "compute-utility")
            : configured;
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Sub(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }
}
