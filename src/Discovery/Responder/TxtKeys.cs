using System.Globalization;

namespace ComputeUtility.Discovery.Responder;

/// <summary>The TXT layout of the spec's section 16 (CU-DISC-2): <c>txtvers</c> first, then <c>path</c>, <c>api</c>, <c>dv</c>.</summary>
internal static class TxtKeys
{
    public const string Version = "txtvers";
    public const string Path = "path";
    public const string Api = "api";
    public const string DescriptorVersion = "dv";
    public const string CurrentVersion = "1";

    public static IReadOnlyList<string> Build(string descriptorPath, string apiVersion, long descriptorVersion) =>
    [
        $"{Version}={CurrentVersion}",
        $"{Path}={descriptorPath}",
        $"{Api}={apiVersion}",
        $"{DescriptorVersion}={descriptorVersion.ToString(CultureInfo.InvariantCulture)}",
    ];
}
