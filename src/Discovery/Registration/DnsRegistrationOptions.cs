namespace ComputeUtility.Discovery.Registration;

/// <summary>
/// Settings of the <c>DnsRegistration</c> section: registering the utility in a unicast DNS domain by dynamic update
/// (RFC 2136) signed with TSIG (RFC 8945). Off by default; the instance name and host label are those of the
/// <c>Discovery</c> section, so the records match the mDNS announcement.
/// </summary>
public sealed class DnsRegistrationOptions
{
    public const string Section = "DnsRegistration";

    /// <summary>Register at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>The IP address of the zone's primary server, which accepts the updates.</summary>
    public string Server { get; set; } = "";

    public int Port { get; set; } = 53;

    /// <summary>The browse domain: records go under <c>_compute-utility._tcp.DOMAIN</c>.</summary>
    public string Domain { get; set; } = "";

    /// <summary>The zone the updates name (its apex); empty means <see cref="Domain"/>.</summary>
    public string Zone { get; set; } = "";

    /// <summary>The TSIG key's name, as the server knows it.</summary>
    public string KeyName { get; set; } = "";

    /// <summary>The TSIG algorithm: <c>hmac-sha256</c> (default), <c>hmac-sha384</c>, <c>hmac-sha512</c>, <c>hmac-sha224</c> or <c>hmac-sha1</c>.</summary>
    public string Algorithm { get; set; } = "hmac-sha256";

    /// <summary>The TSIG secret, base64, as in BIND's <c>key</c> statement.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The TTL of every record registered (how long resolvers may cache it).</summary>
    public int TtlSeconds { get; set; } = 120;

    /// <summary>The lease asked for with the EDNS Update Lease option (RFC 9664): a server that honours it drops records not refreshed in time.</summary>
    public int LeaseSeconds { get; set; } = 3600;

    /// <summary>How often the records are sent again (and the TXT brought up to date); less than the lease.</summary>
    public int RefreshSeconds { get; set; } = 1200;

    /// <summary>SRV priority: lower is tried first.</summary>
    public int Priority { get; set; }

    /// <summary>SRV weight: the share among utilities of one priority.</summary>
    public int Weight { get; set; }

    /// <summary>The addresses to publish for the host; empty means the listener's, or every interface's when it listens on all.</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>How long one update may wait for the server's answer.</summary>
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>The zone to update: <see cref="Zone"/>, or <see cref="Domain"/> when none is set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string EffectiveZone => Zone.Length > 0 ? Zone : Domain;
}
