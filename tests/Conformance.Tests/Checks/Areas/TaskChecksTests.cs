using System.Text.Json;
using System.Text.Json.Nodes;
using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ComputeUtility.Conformance.Tests.Checks.Areas;

/// <summary>tasks.limits waits for the target's published task deadline, and says so when its own patience runs out.</summary>
public sealed class TaskChecksTests
{
    [Fact]
    public async Task The_deadline_part_waits_the_published_task_deadline_on_top_of_the_request_timeout()
    {
        // The deadline (3 s) is longer than the suite's request timeout (2 s): a fixed timeout gives up before the 422.
        await using var target = await StartAsync(taskDeadlineMs: 3000, spinAnswersAfter: TimeSpan.FromMilliseconds(3500));

        var report = await target.RunAsync("tasks", "tasks.limits", s => s with { RequestTimeout = TimeSpan.FromSeconds(2) });

        var check = report.Checks.Single();
        check.Outcome.Should().Be(Outcome.Passed, check.Message);
    }

    [Fact]
    public async Task When_the_suites_own_timeout_fires_the_failure_says_it_was_the_suite_that_gave_up()
    {
        await using var target = await StartAsync(taskDeadlineMs: 1000, spinAnswersAfter: TimeSpan.FromSeconds(30));

        var report = await target.RunAsync("tasks", "tasks.limits", s => s with { RequestTimeout = TimeSpan.FromSeconds(1) });

        var check = report.Checks.Single();
        check.Outcome.Should().Be(Outcome.Failed);
        check.Message.Should().Contain("the suite's own timeout of 2 s").And.Contain("the suite gave up waiting");
    }

    private static Task<FakeTarget> StartAsync(int taskDeadlineMs, TimeSpan spinAnswersAfter) =>
        FakeTarget.StartAsync(
            d =>
            {
                d["limits"]!["taskDeadlineMs"] = taskDeadlineMs;
                d["features"]!.AsArray().Add("tasks");
            },
            app => app.MapPost("/v1/tasks", async (HttpContext context) =>
            {
                var body = await JsonNode.ParseAsync(context.Request.Body);
                if (body!["args"]![0]!.GetValue<string>() == "spin")
                {
                    await Task.Delay(spinAnswersAfter, context.RequestAborted);
                    return FakeTarget.Problem(context, "deadline-exceeded", 422, "The run passed limits.taskDeadlineMs.");
                }

                var result = new { exitCode = 0, stdout = "grow=-1\n", stderr = "", stdoutTruncated = false, stderrTruncated = false, durationMs = 1.0 };
                return Results.Text(JsonSerializer.Serialize(result), "application/json");
            }));
}
