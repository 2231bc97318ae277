using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComputeUtility.Client;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 8: workers, their tokens and their life.</summary>
internal static partial class WorkerChecks
{
    public static IEnumerable<Check> All()
    {
        yield return new Check("workers.create", "A valid package request gets 201, Location and a Worker with a token; GET shows it without one",
            "core", ["CU-WRK-1", "CU-WRK-7", "CU-WRK-15"], async c =>
            {
                var answer = (await c.PostJsonAsync("/v1/workers", c.Package("probe").Body)).Expect(201);
                var body = answer.Json;
                var id = body.GetProperty("id").GetString()!;
                var token = body.GetProperty("token").GetString()!;
                Ensure.That(answer.Header("Location")?.EndsWith($"/v1/workers/{id}", StringComparison.Ordinal) == true,
                    $"CU-WRK-1: Location must name /v1/workers/{id}, got '{answer.Header("Location")}'");
                var read = (await c.SendAsync(HttpMethod.Get, $"/v1/workers/{id}", token: token)).Expect(200);
                Ensure.That(!read.Json.TryGetProperty("token", out _) && !read.Body.Contains(token, StringComparison.Ordinal),
                    "CU-WRK-7: the token must not appear in GET");
                Ensure.Equal("running", read.Json.GetProperty("state").GetString(), "CU-WRK-15: state");
                await c.SendAsync(HttpMethod.Delete, $"/v1/workers/{id}", token: token);
            });

        yield return new Check("workers.token", "Tokens are base64url of at least 256 bits, different for each worker", "core", ["CU-WRK-6"], async c =>
        {
            var a = await c.CreateWorkerAsync(c.Package("probe"));
            var b = await c.CreateWorkerAsync(c.Package("probe"));
            foreach (var token in new[] { a.Token, b.Token })
            {
                Ensure.That(Base64Url().IsMatch(token) && token.Length >= 43, $"CU-WRK-6: '{token}' is not ≥ 256 bits of unpadded base64url");
            }

            Ensure.That(a.Token != b.Token, "CU-WRK-6: two workers got the same token");
        });

        yield return new Check("workers.initialize-once", "_initialize runs exactly once, before the first message and before 201", "core",
            ["CU-WRK-2", "CU-ABI-3"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using var channel = await c.ConnectAsync(worker);
                await channel.SendTextAsync("""{"op":"state"}""");
                var reply = await channel.ReceiveKindAsync("message");
                Ensure.Equal(1, reply.Data.GetProperty("initialized").GetInt32(), "CU-ABI-3: times _initialize ran");
                Ensure.Equal(1, reply.Data.GetProperty("count").GetInt32(), "CU-ABI-3: messages before this one");
            });

        yield return new Check("workers.initialize-failure", "A trap or overrun in _initialize gets 422 and no worker", "core", ["CU-WRK-4"], async c =>
        {
            (await c.PostJsonAsync("/v1/workers", c.Package("init-trap").Body)).ExpectProblem("guest-trap", 422);
            if (c.Limit("messageDeadlineMs") > 30_000)
            {
                throw Ensure.NotApplicable("messageDeadlineMs is over 30 s; the overrun part is not waited for");
            }

            (await c.PostJsonAsync("/v1/workers", c.Package("init-spin").Body)).ExpectProblem("deadline-exceeded", 422);
        });

        yield return new Check("workers.limit", "Past limits.maxWorkers, creation gets 503 worker-limit-reached with Retry-After, after the form checks", "core",
            ["CU-WRK-5", "CU-ERR-6", "CU-API-7"], async c =>
            {
                var max = c.Limit("maxWorkers");
                if (max > 128)
                {
                    throw Ensure.NotApplicable($"maxWorkers is {max}; the check creates at most 128 workers");
                }

                // A worker may end while the check creates the others (its idle or orphan timeout passes on a slow
                // machine or a short configuration), which frees its place: only more than maxWorkers running at once
                // breaks CU-WRK-5, so past maxWorkers the check asks which of its workers still run before it judges.
                var created = new List<WorkerHandle>();
                for (var i = 0; i <= 2 * max + 1; i++)
                {
                    var answer = await c.PostJsonAsync("/v1/workers", c.Package("probe").Body);
                    if (answer.Code == 503)
                    {
                        answer.ExpectProblem("worker-limit-reached", 503);
                        Ensure.That(answer.Header("Retry-After") is not null, "CU-ERR-6: 503 worker-limit-reached needs Retry-After");
                        // CU-API-7: the form of a request is judged before the utility's capacity.
                        (await c.SendAsync(HttpMethod.Post, "/v1/workers", JsonContent.Create(new { })))
                            .ExpectProblem("invalid-request", 400);
                        (await c.SendAsync(HttpMethod.Post, "/v1/workers", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain")))
                            .ExpectProblem("unsupported-media-type", 415);
                        return;
                    }

                    answer.Expect(201);
                    c.Track(answer);
                    var body = answer.Json;
                    created.Add(new WorkerHandle(body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!, body));
                    if (created.Count > max)
                    {
                        created = await StillRunningAsync(c, created);
                        if (created.Count > max)
                        {
                            throw new CheckFailed($"CU-WRK-5: {created.Count} workers were running at once with maxWorkers {max}");
                        }
                    }
                }

                // Never more than maxWorkers at once and never a 503: the earlier workers ended (idle or orphan timeout)
                // before the check could create maxWorkers of them, so the limit was never reached and cannot be judged.
                throw Ensure.NotApplicable($"the check created {2 * max + 2} workers but never had {max} running at once: the earlier " +
                    "ones ended (idle or orphan timeout) before the next were created, so limits.maxWorkers was never reached; " +
                    "run the suite with longer timeouts or on a less loaded machine to check CU-WRK-5");
            });

        yield return new Check("workers.unauthorized", "Without the worker's own token every worker resource answers 401 with a Bearer challenge",
            "core", ["CU-WRK-8", "CU-CHAN-5"], async c =>
            {
                var mine = await c.CreateWorkerAsync(c.Package("probe"));
                var theirs = await c.CreateWorkerAsync(c.Package("probe"));
                foreach (var token in new[] { null, "wrong", theirs.Token })
                {
                    foreach (var (method, suffix, content) in new (HttpMethod, string, HttpContent?)[]
                             {
                                 (HttpMethod.Get, "", null), (HttpMethod.Delete, "", null), (HttpMethod.Get, "/events", null),
                                 (HttpMethod.Post, "/messages", JsonContent.Create(1)), (HttpMethod.Get, "/channel", null),
                             })
                    {
                        var answer = await c.SendAsync(method, mine.Path + suffix, content, token);
                        answer.ExpectProblem("unauthorized", 401);
                        Ensure.That(answer.Header("WWW-Authenticate")?.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) == true,
                            "CU-WRK-8: 401 needs WWW-Authenticate: Bearer");
                    }
                }

                (await c.SendAsync(HttpMethod.Get, mine.Path, token: mine.Token)).Expect(200);
            });

        yield return new Check("workers.query-token-refused",
            "Only the channel and the event stream take the worker token as ?access_token=; every other worker operation answers 401 to it",
            "core", ["CU-WRK-18", "CU-WRK-8"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                var query = "?access_token=" + Uri.EscapeDataString(worker.Token);
                var accepted = new List<string>();
                foreach (var (method, suffix, content) in new (HttpMethod, string, HttpContent?)[]
                         {
                             (HttpMethod.Get, "", null), (HttpMethod.Post, "/messages", JsonContent.Create(1)),
                             (HttpMethod.Post, "/snapshots", null), (HttpMethod.Delete, "", null),
                         })
                {
                    var answer = await c.SendAsync(method, worker.Path + suffix + query, content, configure: r => r.Headers.Authorization = null);
                    if (answer.Code != 401)
                    {
                        accepted.Add($"{method} {worker.Path}{suffix}?access_token=… → {answer.Code}");
                    }
                }

                Ensure.That(accepted.Count == 0, "CU-WRK-18: the worker token in the query was taken by operations other than the channel " +
                                                 "and the event stream: " + string.Join(", ", accepted));
                (await c.SendAsync(HttpMethod.Get, worker.Path, token: worker.Token)).Expect(200);
            });

        yield return new Check("workers.unknown", "A worker id the utility does not hold gets 404", "core", ["CU-WRK-9"], async c =>
        {
            (await c.SendAsync(HttpMethod.Get, "/v1/workers/w-no-such-worker", token: "anything")).ExpectProblem("not-found", 404);
        });

        yield return new Check("workers.idle-timeout", "A worker idle for limits.idleTimeoutSeconds ends with reason idle-timeout", "core",
            ["CU-WRK-10"], async c =>
            {
                var idle = c.Limit("idleTimeoutSeconds");
                if (idle > 20)
                {
                    throw Ensure.NotApplicable($"idleTimeoutSeconds is {idle}; run the target with 20 s or less to check it");
                }

                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await Task.Delay(TimeSpan.FromSeconds(idle + 2));
                var state = await WaitForStateAsync(c, worker, "terminated", TimeSpan.FromSeconds(idle + 10));
                Ensure.Equal("terminated", state, "CU-WRK-10: state of the idle worker");
                using var events = await c.OpenEventsAsync(worker);
                var exit = await LastEventAsync(events);
                Ensure.Equal("idle-timeout", exit.Json.GetProperty("reason").GetString(), "CU-WRK-10: exit reason");
            });

        yield return new Check("workers.orphan-timeout",
            "A worker whose last channel connection closed ends after limits.orphanTimeoutSeconds with reason orphaned", "core",
            ["CU-WRK-17"], async c =>
            {
                var orphan = c.Descriptor.GetProperty("limits").TryGetProperty("orphanTimeoutSeconds", out var published)
                    ? published.GetInt64()
                    : throw Ensure.NotApplicable("the descriptor publishes no limits.orphanTimeoutSeconds (a utility of an earlier draft)");
                if (orphan > 30)
                {
                    throw Ensure.NotApplicable($"orphanTimeoutSeconds is {orphan}; run the target with 30 s or less to check it");
                }

                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                using (await c.OpenEventsAsync(worker))
                {
                }

                await Task.Delay(TimeSpan.FromSeconds(orphan + 1));
                var state = await WaitForStateAsync(c, worker, "terminated", TimeSpan.FromSeconds(orphan + 10));
                Ensure.Equal("terminated", state, "CU-WRK-17: state of the worker whose reader went away");
                using var events = await c.OpenEventsAsync(worker);
                var exit = await LastEventAsync(events);
                Ensure.Equal("orphaned", exit.Json.GetProperty("reason").GetString(), "CU-WRK-17: exit reason");
            });

        yield return new Check("workers.delete", "DELETE ends the worker with reason terminated and answers 204; it is then gone for messages",
            "core", ["CU-WRK-11", "CU-WRK-13"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                (await c.SendAsync(HttpMethod.Delete, worker.Path, token: worker.Token)).Expect(204);
                using (var events = await c.OpenEventsAsync(worker))
                {
                    var exit = await LastEventAsync(events);
                    Ensure.Equal("terminated", exit.Json.GetProperty("reason").GetString(), "CU-WRK-11: exit reason");
                }

                var post = await c.PostMessageAsync(worker, "1");
                if (post.Code == 404)
                {
                    throw Ensure.NotApplicable("the ended worker was not kept, so 410 cannot be observed (CU-WRK-12 recommends keeping it)");
                }

                post.ExpectProblem("worker-gone", 410);
                Ensure.Equal(410, await c.TryConnectAsync(worker, worker.Token), "CU-WRK-13: channel of an ended worker");
            });

        yield return new Check("workers.kept", "An ended worker stays readable for at least a while", "core", ["CU-WRK-12"], async c =>
        {
            var worker = await c.CreateWorkerAsync(c.Package("probe"));
            await c.SendAsync(HttpMethod.Delete, worker.Path, token: worker.Token);
            var read = await c.SendAsync(HttpMethod.Get, worker.Path, token: worker.Token);
            read.Expect(200);
            Ensure.Equal("terminated", read.Json.GetProperty("state").GetString(), "CU-WRK-12: state of the kept worker");
        });

        yield return new Check("workers.channel-close-keeps-worker", "Closing a channel or event stream does not end the worker", "core",
            ["CU-WRK-16"], async c =>
            {
                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                await using (var channel = await c.ConnectAsync(worker))
                {
                    await channel.SendTextAsync("1");
                    await channel.ReceiveKindAsync("message");
                }

                using (await c.OpenEventsAsync(worker))
                {
                }

                await Task.Delay(200);
                Ensure.Equal("running", (await c.SendAsync(HttpMethod.Get, worker.Path, token: worker.Token)).Expect(200).Json.GetProperty("state").GetString(),
                    "CU-WRK-16: state after the channel closed");
                (await c.PostMessageAsync(worker, "2")).Expect(202);
            });
    }

    /// <summary>The workers of the list that the target still reports as running (an ended one answers 404, 410 or another state).</summary>
    private static async Task<List<WorkerHandle>> StillRunningAsync(CheckContext c, List<WorkerHandle> workers)
    {
        var running = new List<WorkerHandle>();
        foreach (var worker in workers)
        {
            var read = await c.SendAsync(HttpMethod.Get, worker.Path, token: worker.Token);
            if (read.Code == 200 && read.Json.TryGetProperty("state", out var state) && state.GetString() == "running")
            {
                running.Add(worker);
            }
        }

        return running;
    }

    internal static async Task<string?> WaitForStateAsync(CheckContext c, WorkerHandle worker, string state, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            var answer = await c.SendAsync(HttpMethod.Get, worker.Path, token: worker.Token);
            if (answer.Code != 200)
            {
                return $"(answer {answer.Code})";
            }

            seen = answer.Json.GetProperty("state").GetString();
            if (seen == state)
            {
                return seen;
            }

            await Task.Delay(250);
        }

        return seen;
    }

    internal static async Task<ServerSentEvent> LastEventAsync(EventStreamConnection events)
    {
        ServerSentEvent? last = null;
        for (var i = 0; i < 100_000 && await events.NextAsync() is { } next; i++)
        {
            last = next;
            if (next.Kind == "exit")
            {
                return next;
            }
        }

        throw new CheckFailed($"CU-CHAN-22: the event stream ended without an exit event (last: {last?.Kind ?? "none"})");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Base64Url();
}
