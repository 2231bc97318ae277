using System.Text.Json.Nodes;
using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ComputeUtility.Conformance.Tests.Checks.Areas;

/// <summary>The origin checks grant nothing the spec does not: CU-ORIG-4 is 502, and CU-ORIG-3 covers every spelling.</summary>
public sealed class OriginChecksTests
{
    [Fact]
    public async Task A_name_that_resolves_to_loopback_answered_403_instead_of_502_fails_CU_ORIG_4()
    {
        await using var target = await FakeTarget.StartAsync(routes: app =>
            app.MapPost("/v1/workers", (HttpContext context) => FakeTarget.Problem(context, "origin-not-allowed", 403, "Refused by name.")));

        var check = (await target.RunAsync("core", "origin.resolved-internal")).Checks.Single();

        // Where no name of this machine resolves to loopback the check cannot run; everywhere else the 403 is a failure.
        check.Outcome.Should().BeOneOf(Outcome.Failed, Outcome.NotApplicable);
        if (check.Outcome == Outcome.Failed)
        {
            check.Message.Should().Contain("502").And.Contain("403");
        }
    }

    [Fact]
    public async Task A_target_that_refuses_only_the_usual_spellings_of_internal_hosts_fails_CU_ORIG_3_naming_each_alias_it_let_through()
    {
        string[] usual = ["127.0.0.1", "localhost", "app.localhost", "10.1.2.3", "172.16.0.5", "192.168.1.10", "169.254.169.254",
            "[::1]", "[fd00::1]", "[fe80::1]", "0.0.0.0", "100.64.0.1", "[::ffff:127.0.0.1]"];
        await using var target = await FakeTarget.StartAsync(routes: app =>
            app.MapPost("/v1/workers", async (HttpContext context) =>
            {
                var url = (await JsonNode.ParseAsync(context.Request.Body))!["package"]!.GetValue<string>();
                var host = url.Split('/')[2];
                return usual.Any(u => host == u || host.StartsWith(u + ":", StringComparison.Ordinal))
                    ? FakeTarget.Problem(context, "origin-not-allowed", 403, "Internal host.")
                    : FakeTarget.Problem(context, "package-fetch-failed", 502, "Connection refused.");
            }));

        var check = (await target.RunAsync("core", "origin.internal-hosts")).Checks.Single();

        check.Outcome.Should().Be(Outcome.Failed);
        foreach (var alias in new[] { "2130706433", "0x7f.1", "127.1", "localhost.", "224.0.0.251", "[ff02::fb]", "[64:ff9b::7f00:1]" })
        {
            check.Message.Should().Contain($"http://{alias}/");
        }

        check.Message.Should().NotContain("http://127.0.0.1:8080/");
    }
}
