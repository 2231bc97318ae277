using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ComputeUtility.Conformance.Tests.Checks.Areas;

/// <summary>cors.refused-page speaks of what the target answered, and needs the operator to name a denied origin.</summary>
public sealed class CorsChecksTests
{
    private const string Denied = "https://denied.example";

    [Fact]
    public async Task Without_a_denied_origin_the_check_is_not_tested_and_names_no_setting_of_ours()
    {
        await using var target = await FakeTarget.StartAsync();

        var check = (await target.RunAsync("core", "cors.refused-page")).Checks.Single();

        check.Outcome.Should().Be(Outcome.NotTested);
        check.Message.Should().Contain("--denied-origin").And.NotContain("Cors:");
    }

    [Fact]
    public async Task A_target_that_answers_a_denied_origin_with_Access_Control_Allow_Origin_fails_with_what_it_answered()
    {
        await using var target = await FakeTarget.StartAsync(routes: app =>
            app.Use(async (context, next) =>
            {
                // Reflects every origin, the denied one included.
                if (context.Request.Headers.Origin is { Count: > 0 } origin)
                {
                    context.Response.Headers.AccessControlAllowOrigin = origin.ToString();
                    context.Response.Headers.Vary = "Origin";
                }

                if (HttpMethods.IsOptions(context.Request.Method))
                {
                    context.Response.StatusCode = 204;
                    return;
                }

                await next(context);
            }));

        var check = (await target.RunAsync("core", "cors.refused-page", s => s with { DeniedOrigin = Denied })).Checks.Single();

        check.Outcome.Should().Be(Outcome.Failed);
        check.Message.Should().Contain($"Access-Control-Allow-Origin '{Denied}'").And.Contain("OPTIONS /v1/workers answered 204");
    }
}
