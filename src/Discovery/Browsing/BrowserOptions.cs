namespace ComputeUtility.Discovery.Browsing;

/// <summary>Where and how a <see cref="UtilityBrowser"/> looks for utilities.</summary>
public sealed record BrowserOptions
{
    /// <summary>Interface names, or <c>loopback</c>, or <c>all</c> (every multicast-capable non-loopback interface).</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = ["loopback"];

    /// <summary>Browse IPv4 (224.0.0.251).</summary>
    public bool IPv4 { get; init; } = true;

    /// <summary>Browse IPv6 (ff02::fb) on interfaces that have a link-local address.</summary>
    public bool IPv6 { get; init; } = true;

    /// <summary>How often the cache is checked for expiry and the query schedule for due queries.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Throws when a value cannot work; called when the browser starts.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Interfaces.Count == 0 || Interfaces.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Interfaces must name at least one interface (or 'loopback' / 'all')");
        }

        if (!IPv4 && !IPv6)
        {
            errors.Add("at least one of IPv4 and IPv6 must be on");
        }

        if (Tick <= TimeSpan.Zero || Tick > TimeSpan.FromSeconds(1))
        {
            errors.Add("Tick must be between 0 and 1 s");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid browser options: " + string.Join("; ", errors));
        }
    }
}
