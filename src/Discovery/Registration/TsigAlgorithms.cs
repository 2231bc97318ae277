using ARSoft.Tools.Net.Dns;

namespace ComputeUtility.Discovery.Registration;

/// <summary>The TSIG algorithm names of the options (BIND's spelling) and what ARSoft.Tools.Net calls them.</summary>
internal static class TsigAlgorithms
{
    private static readonly Dictionary<string, TSigAlgorithm> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hmac-sha1"] = TSigAlgorithm.Sha1,
        ["hmac-sha224"] = TSigAlgorithm.Sha224,
        ["hmac-sha256"] = TSigAlgorithm.Sha256,
        ["hmac-sha384"] = TSigAlgorithm.Sha384,
        ["hmac-sha512"] = TSigAlgorithm.Sha512,
    };

    public static IEnumerable<string> Known => Names.Keys;

    public static bool TryParse(string name, out TSigAlgorithm algorithm) => Names.TryGetValue(name, out algorithm);
}
