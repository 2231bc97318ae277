using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ComputeUtility.Discovery.Browsing;

/// <summary>A utility found by DNS-SD: its instance, where it listens, and its TXT keys (section 16 of the spec).</summary>
/// <param name="InstanceName">The DNS-SD instance name, e.g. <c>desk (2)</c>.</param>
/// <param name="HostName">The SRV target, e.g. <c>desk.local</c>.</param>
/// <param name="Port">The port of the utility's HTTP listener.</param>
/// <param name="Addresses">The host's addresses; IPv6 link-local ones carry their scope.</param>
/// <param name="Txt">TXT keys (lower case) and values; a key without <c>=</c> has a null value.</param>
/// <param name="Source">Where it was found: an interface name for mDNS, a domain for unicast DNS-SD.</param>
public sealed record DiscoveredUtility(
    string InstanceName,
    string HostName,
    int Port,
    IReadOnlyList<IPAddress> Addresses,
    IReadOnlyDictionary<string, string?> Txt,
    string Source)
{
    /// <summary>The SRV priority (lower is tried first); 0 over mDNS.</summary>
    public int Priority { get; init; }

    /// <summary>The SRV weight: the share among utilities of the same priority; 0 over mDNS.</summary>
    public int Weight { get; init; }

    /// <summary>The descriptor path from the <c>path</c> key, or the well-known path.</summary>
    public string DescriptorPath => Txt.TryGetValue("path", out var path) && path is ['/', ..] ? path : "/.well-known/compute-utility";

    /// <summary>The <c>api</c> key: the utility's API version.</summary>
    public string? ApiVersion => Txt.GetValueOrDefault("api");

    /// <summary>The <c>dv</c> key: the descriptor version, or null when absent or not a number.</summary>
    public long? DescriptorVersion =>
        long.TryParse(Txt.GetValueOrDefault("dv"), NumberStyles.None, CultureInfo.InvariantCulture, out var dv) ? dv : null;

    /// <summary>The <c>scheme</c> key: <c>https</c> when the SRV port speaks HTTPS, otherwise (absent or anything else) <c>http</c>.</summary>
    public string Scheme => string.Equals(Txt.GetValueOrDefault("scheme"), "https", StringComparison.OrdinalIgnoreCase) ? "https" : "http";

    /// <summary>
    /// The descriptor's URL, with <see cref="Scheme"/>, on the first address (IPv4 preferred), which this client reaches
    /// without an mDNS name resolver; over https the certificate must then name that address.
    /// </summary>
    public Uri DescriptorUri
    {
        get
        {
            var address = Addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault();
            var host = address is null ? HostName : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            return new Uri($"{Scheme}://{host}:{Port.ToString(CultureInfo.InvariantCulture)}{DescriptorPath}");
        }
    }

    /// <summary>Two sightings are the same when these match; anything else changing is an update.</summary>
    internal string Signature =>
        $"{HostName}|{Port}|{string.Join(',', Addresses.Select(a => a.ToString()).Order(StringComparer.Ordinal))}|{string.Join(',', Txt.Select(kv => $"{kv.Key}={kv.Value}"))}";
}
