using ComputeUtility.Discovery.Browsing;
using ComputeUtility.Discovery.Descriptors;

namespace ComputeUtility.Discovery.Selection;

/// <summary>One place the job could run, with the parts of its expected total latency.</summary>
/// <param name="Name">The utility's instance name, or <c>local</c>.</param>
/// <param name="Utility">The utility, or null for "run locally".</param>
/// <param name="Descriptor">Its validated descriptor, or null for "run locally".</param>
/// <param name="RoundTrip">The measured round trip (0 locally).</param>
/// <param name="Transfer">Input and output over the link (0 locally).</param>
/// <param name="Compute">The utility's own estimate, or the client's figure scaled by the assumed speed-up and the utility's load.</param>
/// <param name="ComputeBasis"><c>advertised</c>, <c>estimated</c> or <c>local</c>.</param>
public sealed record RankedCandidate(
    string Name,
    DiscoveredUtility? Utility,
    UtilityDescriptor? Descriptor,
    TimeSpan RoundTrip,
    TimeSpan Transfer,
    TimeSpan Compute,
    string ComputeBasis)
{
    public TimeSpan Total => RoundTrip + Transfer + Compute;
    public bool IsLocal => Utility is null;
}
