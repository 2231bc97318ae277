using ComputeUtility.Discovery.Browsing;

namespace ComputeUtility.Discovery.Cli.NativeHost;

/// <summary>A utility as the browser extension keeps it: its origin (what it talks to) and what DNS-SD said about it.</summary>
internal sealed record NativeHostUtility(string Name, string Origin, string DescriptorUrl, string Host, int Port, string[] Addresses,
    string? Api, long? Dv, string Source)
{
    public static NativeHostUtility From(DiscoveredUtility utility)
    {
        var descriptor = utility.DescriptorUri;
        return new NativeHostUtility(utility.InstanceName, descriptor.GetLeftPart(UriPartial.Authority), descriptor.ToString(), utility.HostName,
            utility.Port, utility.Addresses.Select(a => a.ToString()).ToArray(), utility.ApiVersion, utility.DescriptorVersion, utility.Source);
    }
}
