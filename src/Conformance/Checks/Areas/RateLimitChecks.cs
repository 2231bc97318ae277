using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>
/// Section 4.1: the budgets a utility publishes are the ones it enforces. The check waits for a full
/// budget before and after it, so the checks that follow find the budget as it would be without it.
/// </summary>
internal static class RateLimitChecks
{
    private const double MaxRefillSeconds = 30;
    private const int MaxBurst = 5000;
    private const int Parallel = 8;

    public static IEnumerable<Check> All()
    {
        yield return new Check("api.rate-limits", "A budget of rateLimits holds as published: a full burst is served, more gets 429 rate-limited with Retry-After, preflights never count",
            "core", ["CU-RATE-1", "CU-RATE-2", "CU-RATE-3", "CU-RATE-6"], async c =>
            {
                var (name, burst, perSecond, probe) = ChooseBudget(c);
                var refill = TimeSpan.FromSeconds((double)burst / perSecond + 0.5);
                await Task.Delay(refill);

                var clock = Stopwatch.StartNew();

                // One request first, then a pause: a limiter that drops budgets idle for a while (ASP.NET Core's drops them
                // after 10 s and starts anew, full) has done so before the burst, which then meets one budget, not two.
                var first = await probe(c);
                Ensure.That(first.Code != 429, $"CU-RATE-3: the first request after {refill.TotalSeconds:0.#} s of quiet got 429");
                await Task.Delay(TimeSpan.FromMilliseconds(250));
                var sent = 1;
                while (sent < burst)
                {
                    var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(Parallel, burst - sent)).Select(_ => probe(c)));
                    sent += batch.Length;
                    var refused = batch.FirstOrDefault(a => a.Code == 429);
                    Ensure.That(refused is null,
                        $"CU-RATE-3: request {sent} of a burst of {burst} ('{name}' budget, after {refill.TotalSeconds:0.#} s of quiet) got 429: {Answer.Shorten(refused?.Body ?? "")}");
                }

                Answer? limited = null;
                while (limited is null)
                {
                    var batch = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => probe(c)));
                    sent += batch.Length;
                    limited = batch.FirstOrDefault(a => a.Code == 429);
                    var allowed = burst + (perSecond * (clock.Elapsed.TotalSeconds + 0.5)) + Parallel;
                    if (limited is null && sent > allowed)
                    {
                        throw new CheckFailed($"CU-RATE-2: {sent} requests of the '{name}' budget in {clock.Elapsed.TotalSeconds:0.##} s were all served; it publishes burst {burst} and {perSecond}/s");
                    }

                    if (limited is null && clock.Elapsed > TimeSpan.FromSeconds(15))
                    {
                        throw Ensure.NotApplicable($"the suite could not send requests faster than the '{name}' budget refills ({perSecond}/s)");
                    }
                }

                limited.ExpectProblem("rate-limited", 429);
                var retryAfter = limited.Header("Retry-After");
                Ensure.That(int.TryParse(retryAfter, out var seconds) && seconds >= 0, $"CU-RATE-2: a 429 rate-limited needs Retry-After in seconds, got '{retryAfter}'");

                // Spent budget or not, a browser's preflight must get through.
                var preflight = await c.SendAsync(HttpMethod.Options, "/v1/workers", configure: r =>
                {
                    r.Headers.Add("Origin", c.Origin.Authority);
                    r.Headers.Add("Access-Control-Request-Method", "POST");
                }, paceRateLimits: false);
                Ensure.Equal(204, preflight.Code, "CU-RATE-6: a preflight while the budget is spent");

                await Task.Delay(refill);
                var again = await probe(c);
                Ensure.That(again.Code != 429, $"CU-RATE-2: {refill.TotalSeconds:0.#} s after the refusal (Retry-After {seconds}) the '{name}' budget still refuses");
            });
    }

    /// <summary>The budget with the slowest refill among those the suite can probe with a request that starts no work.</summary>
    private static (string Name, int Burst, int PerSecond, Func<CheckContext, Task<Answer>> Probe) ChooseBudget(CheckContext c)
    {
        if (!c.Descriptor.TryGetProperty("rateLimits", out var rates) || !rates.TryGetProperty("budgets", out var budgets)
            || budgets.ValueKind != JsonValueKind.Array || budgets.GetArrayLength() == 0)
        {
            throw Ensure.NotApplicable("the descriptor publishes no rate budgets, so the utility limits no request rate (CU-RATE-1)");
        }

        if (rates.TryGetProperty("loopbackExempt", out var exempt) && exempt.ValueKind == JsonValueKind.True && c.Session.Target.IsLoopback)
        {
            throw Ensure.NotApplicable("loopback clients are exempt from the rate budgets and the target is on loopback");
        }

        var listed = budgets.EnumerateArray().SelectMany(b => b.GetProperty("operations").EnumerateArray().Select(o => o.GetString())).ToHashSet();
        var candidates = new List<(string, int, int, Func<CheckContext, Task<Answer>>)>();
        foreach (var budget in budgets.EnumerateArray())
        {
            var operations = budget.GetProperty("operations").EnumerateArray().Select(o => o.GetString()).ToList();
            Func<CheckContext, Task<Answer>>? probe =
                operations.Contains("POST /v1/tasks") ? Invalid("/v1/tasks")
                : operations.Contains("POST /v1/workers") ? Invalid("/v1/workers")
                : operations.Contains("POST /v1/estimates") || (operations.Contains("*") && !listed.Contains("POST /v1/estimates")) ? Invalid("/v1/estimates")
                : null;
            var burst = budget.GetProperty("burst").GetInt32();
            var perSecond = budget.GetProperty("perSecond").GetInt32();
            if (probe is not null && burst <= MaxBurst && perSecond > 0 && (double)burst / perSecond <= MaxRefillSeconds)
            {
                candidates.Add((budget.GetProperty("name").GetString() ?? "?", burst, perSecond, probe));
            }
        }

        return candidates.Count > 0
            ? candidates.MinBy(b => b.Item3)
            : throw Ensure.NotApplicable($"no published budget is small enough to use up in a check (burst ≤ {MaxBurst}, refilled within {MaxRefillSeconds} s) and reachable with a request that starts no work");
    }

    /// <summary>An empty JSON object: refused as invalid (400) before any work starts, but counted against the budget.</summary>
    private static Func<CheckContext, Task<Answer>> Invalid(string path) => c =>
        c.SendAsync(HttpMethod.Post, path, JsonContent.Create(new { }), paceRateLimits: false);
}
