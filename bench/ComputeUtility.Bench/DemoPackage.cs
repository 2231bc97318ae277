using System.Security.Cryptography;

namespace ComputeUtility.Bench;

/// <summary>
/// An example package as the server's demo origin serves it. The client pins the manifest it
/// expects: the SRI digest of the committed examples/&lt;name&gt;/… file, computed here so a rebuilt
/// example never leaves the bench with a stale digest.
/// </summary>
internal sealed record DemoPackage(string Name, string ManifestPath)
{
    public static readonly DemoPackage Echo = new("echo", "/demo/echo/manifest.json");

    public static readonly DemoPackage Hello = new("hello", "/demo/hello/manifest.json");

    public static readonly DemoPackage Spheres = new("spheres", "/demo/spheres/manifest.json");

    /// <summary>Set once from the options, before any package is used.</summary>
    public static string RepoRoot { get; set; } = Directory.GetCurrentDirectory();

    public string Integrity
    {
        get
        {
            var file = Path.Combine(RepoRoot, "examples", ManifestPath["/demo/".Length..]);
            return "sha256-" + Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(file)));
        }
    }

    public Uri ManifestUrl(Uri server) => new(server, ManifestPath);
}
