namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>A package published on a <see cref="TestOrigin"/>: its manifest URL and integrity.</summary>
internal sealed record TestPackage(Uri ManifestUrl, string Integrity, string ModuleIntegrity)
{
    public object CreateBody => new { package = ManifestUrl.ToString(), integrity = Integrity };

    public static string Sri(byte[] content) => "sha256-" + Convert.ToBase64String(SHA256.HashData(content));

    /// <summary>Publishes <paramref name="wasm"/> with a manifest under <paramref name="name"/>/.</summary>
    public static TestPackage Publish(TestOrigin origin, string name, byte[] wasm, string kind = "reactor",
        string? moduleIntegrity = null, long? maximumMemory = null, string? moduleUrl = null)
    {
        var modulePath = $"{name}/{name}.wasm";
        origin.Put(modulePath, wasm);
        var manifest = ManifestBytes(name, kind, moduleUrl ?? $"{name}.wasm", moduleIntegrity ?? Sri(wasm), wasm.Length, maximumMemory);
        var url = origin.Put($"{name}/manifest.json", manifest);
        return new TestPackage(url, Sri(manifest), moduleIntegrity ?? Sri(wasm));
    }

    public static byte[] ManifestBytes(string name, string kind, string moduleUrl, string moduleIntegrity, long size,
        long? maximumMemory = null)
    {
        var manifest = new Dictionary<string, object?>
        {
            ["name"] = name,
            ["version"] = "1.0.0",
            ["description"] = "test package",
            ["kind"] = kind,
            ["module"] = new { url = moduleUrl, integrity = moduleIntegrity, size },
        };
        if (kind == "reactor")
        {
            manifest["abi"] = "cu1";
        }

        if (maximumMemory is { } max)
        {
            manifest["memory"] = new { maximumBytes = max };
        }

        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(manifest));
    }
}
