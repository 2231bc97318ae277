using System.Net;

namespace ComputeUtility.Conformance.Running;

/// <summary>What to run against what.</summary>
public sealed record SuiteSettings
{
    public required Uri Target { get; init; }

    /// <summary>Conformance classes to run: core, messaging, tasks, estimates, snapshots, discovery.</summary>
    public required IReadOnlyList<string> Profiles { get; init; }

    /// <summary>Where the suite's origin listens; loopback and an ephemeral port when null.</summary>
    public IPEndPoint? OriginBind { get; init; }

    /// <summary>A folder holding openapi.yaml and schemas/ to check against instead of the embedded spec.</summary>
    public string? SpecDirectory { get; init; }

    /// <summary>Only checks whose id starts with one of these (all when empty).</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Interfaces the discovery profile browses on (mDNS): <c>loopback</c>, <c>all</c> or names.</summary>
    public IReadOnlyList<string> DiscoveryInterfaces { get; init; } = ["loopback"];

    /// <summary>An access token from the target's owner, sent when creating workers and running tasks (section 4.1).</summary>
    public string? AccessToken { get; init; }

    public static readonly IReadOnlyList<string> AllProfiles = ["core", "messaging", "tasks", "estimates", "snapshots", "discovery"];
}
