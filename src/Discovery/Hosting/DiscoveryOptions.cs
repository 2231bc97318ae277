namespace ComputeUtility.Discovery.Hosting;

/// <summary>Settings of the <c>Discovery</c> section: where and as what the utility announces itself.</summary>
public sealed class DiscoveryOptions
{
    public const string Section = "Discovery";

    /// <summary>Announce at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Interface names, <c>loopback</c> (the default: this machine only) or <c>all</c> (what <c>--lan</c> sets).</summary>
    public List<string> Interfaces { get; set; } = [];

    /// <summary>The DNS-SD instance name; empty means the descriptor's <c>name</c>.</summary>
    public string InstanceName { get; set; } = "";

    /// <summary>The host label of the SRV target (<c>LABEL.local</c>); empty means the machine name.</summary>
    public string HostName { get; set; } = "";

    public bool IPv4 { get; set; } = true;
    public bool IPv6 { get; set; } = true;

    /// <summary>How often the descriptor version is checked, to re-announce TXT when it changes.</summary>
    public int DescriptorPollSeconds { get; set; } = 5;

    /// <summary>The interfaces to use: <see cref="Interfaces"/>, or loopback when none are set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> EffectiveInterfaces => Interfaces.Count > 0 ? Interfaces : ["loopback"];
}
