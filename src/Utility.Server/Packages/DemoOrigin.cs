using ComputeUtility.Server.Http;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Packages;

/// <summary>
/// The built-in demo origin: the example packages served at <c>/demo/</c> on the utility itself,
/// so the first run needs no other server. Fetches of it read the files directly.
/// </summary>
internal sealed class DemoOrigin(IOptions<PackagesOptions> options)
{
    public const string PathPrefix = "/demo/";

    public bool Enabled => options.Value.DemoOriginEnabled && Directory.Exists(Root);

    public string Root { get; } = Path.Combine(AppContext.BaseDirectory, "demo");

    /// <summary>True when <paramref name="url"/> names a file of the demo origin of the utility at <paramref name="selfAuthority"/>.</summary>
    public bool Owns(Uri url, string selfAuthority) =>
        Enabled
        && url.AbsolutePath.StartsWith(PathPrefix, StringComparison.Ordinal)
        && OwnAuthority.Names(url, selfAuthority);

    /// <summary>Opens a demo file, or returns null when it does not exist (never escapes the root).</summary>
    public FileStream? Open(Uri url)
    {
        var relative = Uri.UnescapeDataString(url.AbsolutePath[PathPrefix.Length..]);
        if (relative.Contains('\0', StringComparison.Ordinal))
        {
            return null; // no file has a NUL in its name, and Path would throw on it
        }

        var full = Path.GetFullPath(Path.Combine(Root, relative));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            return null;
        }

        return new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 16 * 1024, useAsync: true);
    }
}
