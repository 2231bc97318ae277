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

    /// <summary>How long one check may take; a check that waits for a published deadline gets that deadline on top.</summary>
    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the suite waits for one answer; a request whose answer waits for a published deadline (a task run up to
    /// <c>limits.taskDeadlineMs</c>) gets that deadline on top.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Stops the target, for the one check that needs it stopped while it watches (CU-WRK-14); that check runs last.
    /// Null: the check is reported not tested. The CLI sets it with <c>--check-shutdown</c> or <c>--shutdown-command</c>.
    /// </summary>
    public Func<CancellationToken, Task>? StopTarget { get; init; }

    /// <summary>A page origin the target's owner has denied, for the check of CU-CORS-3; null: that check is reported not tested.</summary>
    public string? DeniedOrigin { get; init; }

    /// <summary>Interfaces the discovery profile browses on (mDNS): <c>loopback</c>, <c>all</c> or names.</summary>
    public IReadOnlyList<string> DiscoveryInterfaces { get; init; } = ["loopback"];

    /// <summary>An access token from the target's owner, sent when creating workers and running tasks (section 4.1).</summary>
    public string? AccessToken { get; init; }

    public static readonly IReadOnlyList<string> AllProfiles = ["core", "messaging", "tasks", "estimates", "snapshots", "discovery"];
}
