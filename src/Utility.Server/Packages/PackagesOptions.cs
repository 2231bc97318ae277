using System.ComponentModel.DataAnnotations;
using ComputeUtility.Server.Storage;

namespace ComputeUtility.Server.Packages;

/// <summary>How packages are fetched from origins and which origins may be asked.</summary>
public sealed class PackagesOptions
{
    public const string Section = "Packages";

    /// <summary>Origins (<c>scheme://host[:port]</c>) any client may name packages from.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Allow package hosts on loopback, private, link-local and unique-local addresses.</summary>
    public bool AllowPrivateHosts { get; set; }

    /// <summary>Serve <c>examples/</c> at <c>/demo/</c> and allow it as a package origin.</summary>
    public bool DemoOriginEnabled { get; set; } = true;

    /// <summary>Where fetched packages and compiled modules are kept; empty means the user's cache folder.</summary>
    public string? CacheDirectory { get; set; }

    [Range(1, 600)] public int FetchTimeoutSeconds { get; set; } = 30;
    [Range(1, 10)] public int FetchRetries { get; set; } = 3;
    [Range(1, 60_000)] public int FetchRetryBaseDelayMs { get; set; } = 200;
}
