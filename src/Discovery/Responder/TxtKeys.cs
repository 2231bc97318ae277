using System.Globalization;

namespace ComputeUtility.Discovery.Responder;

/// <summary>
/// The TXT layout of the spec's section 16 (CU-DISC-2): <c>txtvers</c> first, then <c>path</c>, <c>api</c>, <c>dv</c>,
/// and <c>scheme=https</c> when the SRV port speaks HTTPS (CU-DISC-18; absent means http).
/// </summary>
internal static class TxtKeys
{
    public const string Version = "txtvers";
    public const string Path = "path";
    public const string Api = "api";
    public const string DescriptorVersion = "dv";
    public const string Scheme = "scheme";
    public const string CurrentVersion = "1";

    public static IReadOnlyList<string> Build(string descriptorPath, string apiVersion, long descriptorVersion, string scheme = "http")
    {
        List<string> keys =
        [
            $"{Version}={CurrentVersion}",
            $"{Path}={descriptorPath}",
            $"{Api}={apiVersion}",
            $"{DescriptorVersion}={descriptorVersion.ToString(CultureInfo.InvariantCulture)}",
        ];

        // Plain HTTP is what a client assumes without the key, so the record stays as it was.
        if (scheme == "https")
        {
            keys.Add($"{Scheme}=https");
        }

        return keys;
    }
}
