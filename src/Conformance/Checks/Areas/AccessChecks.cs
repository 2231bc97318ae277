namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 4.1: access tokens, as far as a caller can see them.</summary>
internal static class AccessChecks
{
    public static IEnumerable<Check> All()
    {
        yield return new Check("access.gate", "Work is created only with an access token where the descriptor says one is needed, and nothing else needs one",
            "core", ["CU-ACC-1", "CU-ACC-2", "CU-ACC-3", "CU-ACC-4"], async c =>
            {
                var descriptor = (await c.SendAsync(HttpMethod.Get, "/.well-known/compute-utility", configure: NoCredential)).Expect(200).Json;
                var authentication = descriptor.GetProperty("policies").GetProperty("authentication").GetString();
                Ensure.That(authentication is "none" or "access-token",
                    $"CU-ACC-1: policies.authentication is '{authentication}', not one this version defines");
                (await c.SendAsync(HttpMethod.Get, "/healthz", configure: NoCredential)).Expect(200);

                if (authentication == "none")
                {
                    // Said "none": then this caller gets work without any credential.
                    var open = await c.SendAsync(HttpMethod.Post, "/v1/workers", System.Net.Http.Json.JsonContent.Create(c.Package("probe").Body), configure: NoCredential);
                    open.Expect(201);
                    c.Track(open);
                    return;
                }

                var missing = await c.SendAsync(HttpMethod.Post, "/v1/workers", System.Net.Http.Json.JsonContent.Create(c.Package("probe").Body), configure: NoCredential);
                missing.ExpectProblem("access-token-required", 401);
                Ensure.That(missing.Header("WWW-Authenticate")?.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) == true,
                    "CU-ACC-2: a refusal for want of an access token must carry a WWW-Authenticate: Bearer challenge");

                // Paths may be matched regardless of letter case; a gate that compares the spelling lets such a request through.
                // Not in openapi.yaml under this spelling, so the answer is not validated against it.
                var cased = await c.SendAsync(HttpMethod.Post, "/V1/Workers", System.Net.Http.Json.JsonContent.Create(c.Package("probe").Body),
                    configure: NoCredential, validate: false);
                if (cased.Code is >= 200 and < 300)
                {
                    c.Track(cased);
                }

                Ensure.That(cased.Code is < 200 or >= 300,
                    $"CU-ACC-2: POST /V1/Workers (the path in other letters) without an access token answered {cased.Code}: "
                    + "gate the operation the request was routed to, not the spelling of its path");

                var wrong = await c.SendAsync(HttpMethod.Post, "/v1/workers", System.Net.Http.Json.JsonContent.Create(c.Package("probe").Body),
                    token: "cua_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('='));
                wrong.ExpectProblem("access-token-required", 401);
                Ensure.That(wrong.Header("WWW-Authenticate")?.Contains("invalid_token", StringComparison.Ordinal) == true,
                    "CU-ACC-2: a token that was sent but not accepted must be challenged with error=\"invalid_token\"");

                if (descriptor.GetProperty("features").EnumerateArray().Any(f => f.GetString() == "tasks"))
                {
                    (await c.SendAsync(HttpMethod.Post, "/v1/tasks", System.Net.Http.Json.JsonContent.Create(c.Package("command", "command").Body), configure: NoCredential))
                        .ExpectProblem("access-token-required", 401);
                }

                if (c.Session.AccessToken is null)
                {
                    throw new CheckFailed("the target requires an access token of this caller (policies.authentication is access-token): " +
                        "run the suite with --access-token TOKEN from its owner, or every check that creates work fails");
                }

                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                (await c.SendAsync(HttpMethod.Get, worker.Path, token: worker.Token)).Expect(200);
            });
    }

    private static void NoCredential(HttpRequestMessage request) => request.Headers.Authorization = null;
}
