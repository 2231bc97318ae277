namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>
/// Section 8, CU-WRK-14: only observable while the target stops, so it needs the operator's hook (<c>--check-shutdown</c> or
/// <c>--shutdown-command</c>) and runs after every other check.
/// </summary>
internal static class ShutdownChecks
{
    /// <summary>How long the check waits for the target to start stopping after it asked for it.</summary>
    public static readonly TimeSpan StopWait = TimeSpan.FromSeconds(120);

    public static IEnumerable<Check> All()
    {
        yield return new Check("workers.shutting-down",
            "A creation still in progress when the target starts to stop gets 503 shutting-down; running workers end with reason shutdown",
            "core", ["CU-WRK-14"], async c =>
            {
                if (c.Session.StopTarget is not { } stop)
                {
                    throw Ensure.NotTested("CU-WRK-14 needs the target stopped while the suite watches: run the suite with --check-shutdown " +
                                           "(it asks you to stop the target) or --shutdown-command CMD (it runs CMD); this check then runs last");
                }

                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);

                // A creation held in flight across the stop: the suite's origin keeps the manifest back until the target has
                // begun to shut down, so the answer is decided while it stops, whatever the target's drain time.
                var held = c.Catalog.Publish("probe", "reactor", alias: "shutdown-" + Guid.NewGuid().ToString("N")[..8]);
                var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                c.Origin.Hold(held.ManifestPath, release.Task);
                var creation = c.PostJsonAsync("/v1/workers", held.Body, timeout: StopWait);
                var asked = DateTime.UtcNow;
                while (c.Origin.Hits(held.ManifestPath) == 0 && !creation.IsCompleted && DateTime.UtcNow - asked < StopWait)
                {
                    await Task.Delay(20);
                }

                if (creation.IsCompleted || c.Origin.Hits(held.ManifestPath) == 0)
                {
                    release.TrySetResult();
                    throw new CheckFailed($"the target did not fetch the package before it answered ({(creation.IsCompleted ? (await creation).Code : 0)}); " +
                                          "the shutdown check needs a creation in flight");
                }

                using var cancel = new CancellationTokenSource(StopWait);
                var stopping = stop(cancel.Token);
                try
                {
                    var exit = await channel.ReceiveKindAsync("exit", StopWait);
                    Ensure.Equal("exit", exit.Kind, "section 8: a running worker ends with an exit event when the utility shuts down; the channel got");
                    Ensure.Equal("shutdown", exit.Data.GetProperty("reason").GetString(), "section 8: exit reason of a worker running at shutdown");
                }
                finally
                {
                    release.TrySetResult(); // the target is stopping now: let it have the manifest
                }

                var answer = await creation;
                if (answer.Code == 201)
                {
                    c.Track(answer);
                }

                Ensure.That(answer.Code == 503 && answer.Body.Contains("problem:shutting-down", StringComparison.Ordinal),
                    $"CU-WRK-14: a creation the target was still working on when it began to shut down must be answered 503 shutting-down, " +
                    $"got {answer.Code} {answer.Body}");
                await stopping.WaitAsync(StopWait, CancellationToken.None);
            }) { StopsTarget = true };
    }
}
