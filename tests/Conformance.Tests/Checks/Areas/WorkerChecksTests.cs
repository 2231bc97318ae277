using System.Collections.Concurrent;
using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ComputeUtility.Conformance.Tests.Checks.Areas;

/// <summary>What the worker checks make of targets that differ from the spec in one point each.</summary>
public sealed class WorkerChecksTests
{
    [Fact]
    public async Task A_target_that_takes_the_worker_token_from_the_query_on_GET_fails_CU_WRK_18()
    {
        await using var target = await WorkersAsync(maxWorkers: 64, endOldest: false, refuseAtLimit: false, queryTokenOnGet: true);

        var check = (await target.RunAsync("core", "workers.query-token-refused")).Checks.Single();

        check.Outcome.Should().Be(Outcome.Failed);
        check.Message.Should().Contain("CU-WRK-18").And.Contain("GET").And.Contain("→ 200");
    }

    [Fact]
    public async Task A_target_that_refuses_the_query_token_everywhere_but_the_channel_passes_CU_WRK_18()
    {
        await using var target = await WorkersAsync(maxWorkers: 64, endOldest: false, refuseAtLimit: false, queryTokenOnGet: false);

        var check = (await target.RunAsync("core", "workers.query-token-refused")).Checks.Single();

        check.Outcome.Should().Be(Outcome.Passed, check.Message);
    }

    [Fact]
    public async Task Workers_that_end_while_the_limit_check_creates_more_free_their_places_and_the_limit_is_reported_not_reached()
    {
        await using var target = await WorkersAsync(maxWorkers: 2, endOldest: true, refuseAtLimit: false, queryTokenOnGet: false);

        var check = (await target.RunAsync("core", "workers.limit")).Checks.Single();

        check.Outcome.Should().Be(Outcome.NotApplicable, check.Message);
        check.Message.Should().Contain("never had 2 running at once");
    }

    [Fact]
    public async Task More_workers_running_than_maxWorkers_fails_the_limit_check()
    {
        await using var target = await WorkersAsync(maxWorkers: 2, endOldest: false, refuseAtLimit: false, queryTokenOnGet: false);

        var check = (await target.RunAsync("core", "workers.limit")).Checks.Single();

        check.Outcome.Should().Be(Outcome.Failed);
        check.Message.Should().Contain("3 workers were running at once with maxWorkers 2");
    }

    [Fact]
    public async Task A_target_that_refuses_at_maxWorkers_after_judging_the_form_passes_the_limit_check()
    {
        await using var target = await WorkersAsync(maxWorkers: 2, endOldest: false, refuseAtLimit: true, queryTokenOnGet: false);

        var check = (await target.RunAsync("core", "workers.limit")).Checks.Single();

        check.Outcome.Should().Be(Outcome.Passed, check.Message);
    }

    /// <summary>
    /// Workers that only exist as records: created on POST (400 for a body without a package, 415 for another media type),
    /// read with their token, deleted. <paramref name="endOldest"/> ends the oldest running worker whenever a creation would
    /// pass <paramref name="maxWorkers"/>, as an idle timeout on a loaded machine does.
    /// </summary>
    private static Task<FakeTarget> WorkersAsync(int maxWorkers, bool endOldest, bool refuseAtLimit, bool queryTokenOnGet)
    {
        var workers = new ConcurrentDictionary<string, (string Token, string State)>();
        var order = new ConcurrentQueue<string>();
        return FakeTarget.StartAsync(d => d["limits"]!["maxWorkers"] = maxWorkers, app =>
        {
            app.MapPost("/v1/workers", async (HttpContext context) =>
            {
                if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
                {
                    return FakeTarget.Problem(context, "unsupported-media-type", 415, "JSON only.");
                }

                var body = System.Text.Json.Nodes.JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync());
                if (body?["package"] is null)
                {
                    return FakeTarget.Problem(context, "invalid-request", 400, "No package.");
                }

                var running = workers.Count(w => w.Value.State == "running");
                if (running >= maxWorkers && refuseAtLimit)
                {
                    return FakeTarget.Problem(context, "worker-limit-reached", 503, "Full.", retryAfter: 5);
                }

                if (running >= maxWorkers && endOldest && order.TryDequeue(out var oldest))
                {
                    workers[oldest] = (workers[oldest].Token, "terminated");
                }

                var id = "w-" + Guid.NewGuid().ToString("N")[..26];
                var token = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray())
                    .TrimEnd('=').Replace('+', '-').Replace('/', '_');
                workers[id] = (token, "running");
                order.Enqueue(id);
                context.Response.Headers.Location = "/v1/workers/" + id;
                return Results.Text(FakeTarget.Worker(context, id, "running", token), "application/json", statusCode: 201);
            });
            app.MapMethods("/v1/workers/{id}/{**rest}", ["GET", "POST", "DELETE"], (HttpContext context, string id, string? rest) =>
            {
                if (!workers.TryGetValue(id, out var worker))
                {
                    return FakeTarget.Problem(context, "not-found", 404, "No such worker.");
                }

                var presented = context.Request.Headers.Authorization.ToString() is { Length: > 7 } header ? header[7..]
                    : queryTokenOnGet && HttpMethods.IsGet(context.Request.Method) ? context.Request.Query["access_token"].ToString()
                    : null;
                if (presented != worker.Token)
                {
                    return FakeTarget.Problem(context, "unauthorized", 401, "The worker's token, please.");
                }

                if (HttpMethods.IsDelete(context.Request.Method))
                {
                    workers[id] = (worker.Token, "terminated");
                    return Results.StatusCode(204);
                }

                return string.IsNullOrEmpty(rest)
                    ? Results.Text(FakeTarget.Worker(context, id, worker.State, null), "application/json")
                    : FakeTarget.Problem(context, "not-found", 404, "Not in this fake.");
            });
        });
    }
}
