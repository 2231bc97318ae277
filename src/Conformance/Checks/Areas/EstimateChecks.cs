namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 12: estimates.</summary>
internal static class EstimateChecks
{
    public static IEnumerable<Check> All()
    {
        yield return new Check("estimates.not-offered", "Without the estimates feature, POST /v1/estimates answers 501", "core", ["CU-EST-2"], async c =>
        {
            if (c.HasFeature("estimates"))
            {
                throw Ensure.NotApplicable("the target offers estimates");
            }

            var command = c.Package("command", "command");
            (await c.PostJsonAsync("/v1/estimates", new { package = command.ManifestUrl, integrity = command.Integrity, inputBytes = 10 }))
                .ExpectProblem("not-implemented", 501);
        });

        yield return new Check("estimates.answer", "An estimate is valid, adds up, and counts the runs it is based on", "estimates",
            ["CU-EST-1", "CU-EST-3", "CU-EST-4"], async c =>
            {
                RequireFeature(c);
                var command = c.Package("command", "command");
                var fresh = c.Catalog.Publish("command", "command", alias: "estimate-fresh");
                var none = (await c.PostJsonAsync("/v1/estimates", new { package = fresh.ManifestUrl, integrity = fresh.Integrity, inputBytes = 3 })).Expect(200).Json;
                Ensure.Equal(0, none.GetProperty("basedOnRuns").GetInt32(), "CU-EST-4: basedOnRuns of a package never run");
                for (var i = 0; i < 3; i++)
                {
                    (await c.PostJsonAsync("/v1/tasks", new { package = command.ManifestUrl, integrity = command.Integrity, stdin = "abc" })).Expect(200);
                }

                var estimate = (await c.PostJsonAsync("/v1/estimates", new { package = command.ManifestUrl, integrity = command.Integrity, inputBytes = 3 })).Expect(200).Json;
                var total = estimate.GetProperty("totalMs").GetDouble();
                var sum = estimate.GetProperty("queueMs").GetDouble() + estimate.GetProperty("computeMs").GetDouble();
                Ensure.That(Math.Abs(total - sum) <= 0.01, $"CU-EST-3: totalMs {total} is not queueMs + computeMs ({sum})");
                Ensure.That(estimate.GetProperty("basedOnRuns").GetInt32() >= 3, "CU-EST-4: basedOnRuns after three runs");
            });

        yield return new Check("estimates.bad-request", "An estimate request without package, integrity or inputBytes gets 400", "estimates",
            ["CU-EST-5"], async c =>
            {
                RequireFeature(c);
                var command = c.Package("command", "command");
                object[] bodies =
                [
                    new { integrity = command.Integrity, inputBytes = 1 },
                    new { package = command.ManifestUrl, inputBytes = 1 },
                    new { package = command.ManifestUrl, integrity = command.Integrity },
                    new { package = command.ManifestUrl, integrity = command.Integrity, inputBytes = -1 },
                    new { package = command.ManifestUrl, integrity = command.Integrity, inputBytes = "5" }, // a number, not a string
                    new Dictionary<string, object> { ["Package"] = command.ManifestUrl, ["integrity"] = command.Integrity, ["inputBytes"] = 1 },
                ];
                foreach (var body in bodies)
                {
                    (await c.PostJsonAsync("/v1/estimates", body)).ExpectProblem("invalid-request", 400);
                }
            });
    }

    private static void RequireFeature(CheckContext c)
    {
        if (!c.HasFeature("estimates"))
        {
            throw Ensure.NotApplicable("the target does not list the 'estimates' feature");
        }
    }
}
