namespace ComputeUtility.Conformance.Spec;

/// <summary>
/// The spec as files on disk, because JSON Schema references between files resolve by path:
/// either a folder the user names, or the copy embedded in the suite written to a temp folder.
/// </summary>
public static class SpecDirectory
{
    private static readonly Lazy<string> Embedded = new(Materialize);

    public static string EmbeddedCopy => Embedded.Value;

    private static string Materialize()
    {
        // A new folder per process: process ids repeat across pid namespaces (tools/netns) sharing one /tmp, and a suite
        // of another version writing the same folder made this one validate against its schemas.
        var root = Directory.CreateTempSubdirectory("cu-conformance-spec-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "schemas"));
        foreach (var name in EmbeddedFiles.Names("spec/"))
        {
            File.WriteAllBytes(Path.Combine(root, name["spec/".Length..]), EmbeddedFiles.Bytes(name));
        }

        return root;
    }
}
