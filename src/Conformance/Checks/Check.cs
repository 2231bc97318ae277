using System.Text.Json;

namespace ComputeUtility.Conformance.Checks;

/// <summary>One assertion about a target, citing the requirements it tests.</summary>
/// <param name="Id">Stable id, e.g. <c>workers.create</c>.</param>
/// <param name="Title">What it checks, as a sentence.</param>
/// <param name="Profile">The conformance class it belongs to (core, messaging, tasks, estimates, snapshots, discovery).</param>
/// <param name="Requirements">The CU-… ids it tests.</param>
/// <param name="Run">The check; throws <see cref="CheckFailed"/> or <see cref="CheckNotApplicable"/>.</param>
internal sealed record Check(string Id, string Title, string Profile, string[] Requirements, Func<CheckContext, Task> Run)
{
    /// <summary>
    /// Time the check needs on top of the check timeout, from the descriptor (e.g. <c>limits.taskDeadlineMs</c>, which it
    /// waits out); none when null.
    /// </summary>
    public Func<JsonElement, TimeSpan>? ExtraTime { get; init; }

    /// <summary>A limit of the descriptor in milliseconds as a span, or zero when it is absent (capped at an hour).</summary>
    public static TimeSpan LimitMs(JsonElement descriptor, string name) =>
        descriptor.ValueKind == JsonValueKind.Object && descriptor.TryGetProperty("limits", out var limits) && limits.ValueKind == JsonValueKind.Object
        && limits.TryGetProperty(name, out var value) && value.TryGetInt64(out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(Math.Min(ms, 3_600_000))
            : TimeSpan.Zero;

    /// <summary>The check stops the target; it runs after every other check of the run.</summary>
    public bool StopsTarget { get; init; }
}
