using ComputeUtility.Server.Hosting;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Packages;

/// <summary>The root folder of the utility's on-disk caches.</summary>
internal sealed class CacheDirectory
{
    public CacheDirectory(IOptions<PackagesOptions> options)
    {
        var configured = options.Value.CacheDirectory;
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
