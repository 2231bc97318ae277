namespace ComputeUtility.Conformance.Origin;

/// <summary>A package on the suite's origin: what a client names, and the origin paths to watch.</summary>
internal sealed record PublishedPackage(string Name, Uri ManifestUrl, string Integrity, string? ModuleIntegrity,
    string ManifestPath, string ModulePath)
{
    public object Body => new { package = ManifestUrl.ToString(), integrity = Integrity };
}
