namespace ComputeUtility.Server.Packages;

/// <summary>Checks of a package URL that no origin could make sense of.</summary>
internal static class PackageUrl
{
    /// <summary>
    /// True when the path, decoded, holds a control character (<c>%00</c>, <c>%0A</c>, …): no file or resource is named so,
    /// and the demo origin's file system calls refuse a NUL outright.
    /// </summary>
    public static bool HasControlCharacters(Uri url) =>
        url.IsAbsoluteUri && Uri.UnescapeDataString(url.AbsolutePath).AsSpan().ContainsAnyInRange('\0', '\u001f');
}
