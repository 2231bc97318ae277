using System.Reflection;

namespace ComputeUtility.Conformance.Spec;

/// <summary>Files the suite carries inside its assembly: the spec and the guest packages.</summary>
internal static class EmbeddedFiles
{
    private static readonly Assembly Self = typeof(EmbeddedFiles).Assembly;

    public static byte[] Bytes(string name)
    {
        using var stream = Self.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The suite was built without {name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static string Text(string name) => System.Text.Encoding.UTF8.GetString(Bytes(name));

    public static IEnumerable<string> Names(string prefix) =>
        Self.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
}
