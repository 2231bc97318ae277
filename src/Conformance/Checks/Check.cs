namespace ComputeUtility.Conformance.Checks;

/// <summary>One assertion about a target, citing the requirements it tests.</summary>
/// <param name="Id">Stable id, e.g. <c>workers.create</c>.</param>
/// <param name="Title">What it checks, as a sentence.</param>
/// <param name="Profile">The conformance class it belongs to (core, messaging, tasks, estimates, snapshots, discovery).</param>
/// <param name="Requirements">The CU-… ids it tests.</param>
/// <param name="Run">The check; throws <see cref="CheckFailed"/> or <see cref="CheckNotApplicable"/>.</param>
internal sealed record Check(string Id, string Title, string Profile, string[] Requirements, Func<CheckContext, Task> Run);
