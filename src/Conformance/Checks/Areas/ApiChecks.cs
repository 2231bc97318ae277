using System.Net.Http.Json;
using System.Text;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 4: HTTP conventions, and the error rules of section 14 that hold everywhere.</summary>
internal static class ApiChecks
{
    public static IEnumerable<Check> All()
    {
        yield return new Check("api.health", "GET /healthz answers 200 {\"status\":\"ok\"}", "core", ["CU-API-5"], async c =>
        {
            var body = (await c.SendAsync(HttpMethod.Get, "/healthz")).Expect(200).Json;
            Ensure.Equal("ok", body.GetProperty("status").GetString(), "CU-API-5: status");
        });

        yield return new Check("api.body-too-large", "A request body over limits.maxRequestBodyBytes gets 413 message-too-large", "core",
            ["CU-API-3", "CU-ERR-5"], async c =>
            {
                var max = c.Limit("maxRequestBodyBytes");
                if (max > 32 * 1024 * 1024)
                {
                    throw Ensure.NotApplicable($"maxRequestBodyBytes {max} is too large to exceed in a check");
                }

                var content = new ByteArrayContent(new byte[max + 1]);
                content.Headers.ContentType = new("application/json");
                // Expect: 100-continue lets the utility refuse before the body is sent.
                var answer = await c.SendAsync(HttpMethod.Post, "/v1/workers", content, configure: r => r.Headers.ExpectContinue = true);
                answer.ExpectProblem("message-too-large", 413);
            });

        yield return new Check("api.media-type", "A body of a media type the operation does not accept gets 415", "core", ["CU-API-4"], async c =>
        {
            var answer = await c.SendAsync(HttpMethod.Post, "/v1/workers", new StringContent("package=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
            answer.ExpectProblem("unsupported-media-type", 415);

            // Only application/json itself, in UTF-8 (CU-API-2): not a look-alike type, not another charset.
            foreach (var lookAlike in new[] { "application/json-seq", "application/jsonx", "application/json; charset=iso-8859-1" })
            {
                var content = new ByteArrayContent("{}"u8.ToArray());
                content.Headers.TryAddWithoutValidation("Content-Type", lookAlike);
                (await c.SendAsync(HttpMethod.Post, "/v1/workers", content)).ExpectProblem("unsupported-media-type", 415);
            }
        });

        yield return new Check("api.method-not-allowed", "A method the path does not support gets 405 with Allow", "core", ["CU-API-6"], async c =>
        {
            var answer = await c.SendAsync(HttpMethod.Put, "/v1/workers", JsonContent.Create(new { }));
            answer.ExpectProblem("method-not-allowed", 405);
            Ensure.That(answer.Header("Allow")?.Contains("POST", StringComparison.Ordinal) == true, "CU-API-6: the Allow header must list POST");
        });

        yield return new Check("api.unknown-path", "A path the spec does not define gets 404 not-found", "core", ["CU-ERR-7"], async c =>
        {
            var answer = await c.SendAsync(HttpMethod.Get, "/v1/no-such-resource");
            answer.ExpectProblem("not-found", 404);
        });

        yield return new Check("api.problem-details", "Error answers are problem+json of the registry with matching status", "core",
            ["CU-ERR-1", "CU-ERR-2", "CU-ERR-4"], async c =>
            {
                // A spread of client mistakes: each must be a registered 4xx problem, never a 500.
                var answers = new[]
                {
                    await c.SendAsync(HttpMethod.Post, "/v1/workers", new StringContent("{", Encoding.UTF8, "application/json")),
                    await c.SendAsync(HttpMethod.Post, "/v1/workers", new StringContent("\"just a string\"", Encoding.UTF8, "application/json")),
                    await c.SendAsync(HttpMethod.Post, "/v1/workers", new StringContent("{\"package\":[],\"integrity\":{}}", Encoding.UTF8, "application/json")),
                    await c.SendAsync(HttpMethod.Get, "/v1/workers/%E2%98%83", token: "x"),
                    await c.SendAsync(HttpMethod.Post, "/v1/tasks", new StringContent("{\"args\":\"not an array\"}", Encoding.UTF8, "application/json")),
                };
                foreach (var answer in answers)
                {
                    Ensure.That(answer.Code is >= 400 and < 500, $"CU-ERR-4: {answer.Method} {answer.Path} is a client error but got {answer.Code}");
                    Ensure.Equal("application/problem+json", answer.MediaType, $"CU-ERR-1: media type of {answer.Code}");
                    var problem = answer.Json;
                    Ensure.That(problem.GetProperty("type").GetString()!.StartsWith("urn:compute-utility:problem:", StringComparison.Ordinal),
                        $"CU-ERR-2: problem type '{problem.GetProperty("type").GetString()}' is not of the registry");
                    Ensure.Equal(answer.Code, problem.GetProperty("status").GetInt32(), "CU-ERR-2: problem status");
                    var registered = c.Session.Spec.Root["x-problem-types"]!.AsArray()
                        .FirstOrDefault(t => t!["uri"]!.GetValue<string>() == problem.GetProperty("type").GetString());
                    Ensure.That(registered is not null, $"CU-ERR-2: '{problem.GetProperty("type").GetString()}' is not in the registry");
                    Ensure.Equal(registered!["status"]!.GetValue<long>(), (long)answer.Code, $"CU-ERR-2: registry status of {problem.GetProperty("type").GetString()}");
                }
            });
    }
}
