using System.Security.Cryptography;
using System.Text.Json;
using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Conformance.Origin;

/// <summary>
/// The guest packages the suite ships (built from src/Conformance/Packages/src) and the manifests
/// it writes for them on its origin, honest or deliberately broken.
/// </summary>
internal sealed class PackageCatalog(SuiteOrigin origin)
{
    public static byte[] Module(string name) => EmbeddedFiles.Bytes($"packages/{name}.wasm");

    public static string Sri(byte[] content) => "sha256-" + Convert.ToBase64String(SHA256.HashData(content));

    /// <summary>Publishes a module and an honest manifest for it; returns the package to name.</summary>
    public PublishedPackage Publish(string module, string kind, string? alias = null, Action<Dictionary<string, object?>>? edit = null,
        byte[]? moduleBytes = null)
    {
        var name = alias ?? module;
        var bytes = moduleBytes ?? Module(module);
        origin.Put($"pkg/{name}/{name}.wasm", new OriginResponse(bytes, "application/wasm"));
        var manifest = new Dictionary<string, object?>
        {
            ["name"] = name,
            ["version"] = "1.0.0",
            ["description"] = "conformance package " + module,
            ["kind"] = kind,
            ["module"] = new Dictionary<string, object?> { ["url"] = $"{name}.wasm", ["integrity"] = Sri(bytes), ["size"] = bytes.Length },
        };
        if (kind == "reactor")
        {
            manifest["abi"] = "cu1";
        }

        edit?.Invoke(manifest);
        return PublishManifest(name, JsonSerializer.SerializeToUtf8Bytes(manifest), Sri(bytes));
    }

    /// <summary>Publishes manifest bytes as they are (for broken manifests).</summary>
    public PublishedPackage PublishManifest(string name, byte[] manifest, string? moduleIntegrity = null, OriginResponse? response = null)
    {
        var url = origin.Put($"pkg/{name}/manifest.json", response ?? new OriginResponse(manifest, "application/json"));
        return new PublishedPackage(name, url, Sri(manifest), moduleIntegrity, $"pkg/{name}/manifest.json", $"pkg/{name}/{name}.wasm");
    }
}
