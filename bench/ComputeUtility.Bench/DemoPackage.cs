namespace ComputeUtility.Bench;

/// <summary>
/// An example package as the server's demo origin serves it. Integrity strings are copied from
/// examples/INTEGRITY.md (rebuilt .wasm files change them; the server then answers 422, which the bench reports).
/// </summary>
internal sealed record DemoPackage(string Name, string ManifestPath, string Integrity)
{
    public static readonly DemoPackage Echo = new("echo", "/demo/echo/manifest.json", "sha256-u6enDi1roN7VliobT4GCMJPDNdnfloiDnFMItwues/g=");

    public static readonly DemoPackage Hello = new("hello", "/demo/hello/manifest.json", "sha256-lGD9ZOZC69bBL9M5O5gQPMGzaI31MwAxr2d58f4c8Jc=");

    public static readonly DemoPackage Spheres = new("spheres", "/demo/spheres/manifest.json", "sha256-r5N8SQv1jmSgb5RILx4bLxL409iYl8VB5yXLdZpJwrc=");

    public Uri ManifestUrl(Uri server) => new(server, ManifestPath);
}
