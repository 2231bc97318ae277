using System.Net.Http.Json;

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
            "While shutting down, creation gets 503 shutting-down, and running workers end with reason shutdown", "core", ["CU-WRK-14", "CU-API-7"],
            async c =>
            {
                if (c.Session.StopTarget is not { } stop)
                {
                    throw Ensure.NotTested("CU-WRK-14 needs the target stopped while the suite watches: run the suite with --check-shutdown " +
                                           "(it asks you to stop the target) or --shutdown-command CMD (it runs CMD), and this check runs last");
                }

                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                // A malformed creation is 400 while the target runs and 503 shutting-down once it stops (CU-API-7: shutting-down
                // comes before the form), so polling with it creates nothing.
                (await Probe(c)).ExpectProblem("invalid-request", 400);
                using var cancel = new CancellationTokenSource(StopWait);
                var stopping = stop(cancel.Token);
                Answer? refused = null;
                while (!cancel.IsCancellationRequested)
                {
                    var answer = await Probe(c);
                    if (answer.Code != 400)
                    {
                        refused = answer;
                        break;
                    }

                    await Task.Delay(20, CancellationToken.None);
                }

                Ensure.That(refused is not null, $"CU-WRK-14: the target still accepted requests {StopWait.TotalSeconds:0} s after the suite asked to stop it");
                refused!.ExpectProblem("shutting-down", 503);
                var exit = await channel.ReceiveKindAsync("exit", TimeSpan.FromSeconds(15));
                Ensure.Equal("exit", exit.Kind, "section 8: a running worker ends with an exit event when the utility shuts down; the channel got");
                Ensure.Equal("shutdown", exit.Data.GetProperty("reason").GetString(), "section 8: exit reason of a worker running at shutdown");
                await stopping.WaitAsync(StopWait, CancellationToken.None);
            }) { StopsTarget = true };
    }

    private static async Task<Answer> Probe(CheckContext c)
    {
        try
        {
            return await c.SendAsync(HttpMethod.Post, "/v1/workers", JsonContent.Create(new { }), paceRateLimits: false,
                timeout: TimeSpan.FromSeconds(10));
        }
        catch (CheckFailed failed)
        {
            throw new CheckFailed("CU-WRK-14: the target stopped answering before it refused a creation with 503 shutting-down; " +
                                  "it must refuse new work while it ends its workers (" + failed.Message + ")");
        }
    }
}
