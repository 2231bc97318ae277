using System.Text.Json;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 15: CORS and Private Network Access.</summary>
internal static class CorsChecks
{
    private static readonly string[] Paths =
        ["/.well-known/compute-utility", "/v1/workers", "/v1/workers/w-any", "/v1/workers/w-any/messages", "/v1/workers/w-any/events", "/v1/tasks", "/v1/estimates"];

    public static IEnumerable<Check> All()
    {
        yield return new Check("cors.preflight", "Preflights are answered 204 with methods, headers, max-age and Private Network Access", "core",
            ["CU-CORS-1", "CU-CORS-2", "CU-CORS-4", "CU-CORS-5"], async c =>
            {
                var page = AllowedPage(c);
                foreach (var path in Paths)
                {
                    var answer = await c.SendAsync(HttpMethod.Options, path, configure: r =>
                    {
                        r.Headers.Add("Origin", page);
                        r.Headers.Add("Access-Control-Request-Method", "POST");
                        r.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
                        r.Headers.Add("Access-Control-Request-Private-Network", "true");
                    });
                    Ensure.Equal(204, answer.Code, $"CU-CORS-1: preflight of {path}");
                    var headers = answer.Header("Access-Control-Allow-Headers") ?? "";
                    foreach (var needed in new[] { "Authorization", "Content-Type", "Last-Event-ID" })
                    {
                        Ensure.That(headers.Contains(needed, StringComparison.OrdinalIgnoreCase), $"CU-CORS-1: Access-Control-Allow-Headers of {path} lacks {needed}");
                    }

                    Ensure.That(answer.Header("Access-Control-Allow-Methods") is not null, $"CU-CORS-1: {path} lacks Access-Control-Allow-Methods");
                    Ensure.That(answer.Header("Access-Control-Max-Age") is not null, $"CU-CORS-1: {path} lacks Access-Control-Max-Age");
                    var allowOrigin = answer.Header("Access-Control-Allow-Origin");
                    Ensure.That(allowOrigin == page, $"CU-CORS-2: Access-Control-Allow-Origin of {path} is '{allowOrigin}', not the page's origin");
                    Ensure.Equal("true", answer.Header("Access-Control-Allow-Private-Network"), $"CU-CORS-4: Private Network Access on {path}");
                    Ensure.That(answer.Header("Access-Control-Allow-Credentials") != "true", "CU-CORS-5: credentials must not be allowed");
                }
            });

        yield return new Check("cors.actual-request", "Answers to an allowed page carry its origin and expose the headers it needs", "core",
            ["CU-CORS-2", "CU-CORS-6"], async c =>
            {
                var page = AllowedPage(c);
                var answer = await c.SendAsync(HttpMethod.Get, "/.well-known/compute-utility", configure: r => r.Headers.Add("Origin", page));
                var allowOrigin = answer.Header("Access-Control-Allow-Origin");
                Ensure.That(allowOrigin == page, $"CU-CORS-2: Access-Control-Allow-Origin is '{allowOrigin}', not the page's origin");
                var exposed = answer.Header("Access-Control-Expose-Headers") ?? "";
                foreach (var header in new[] { "Location", "ETag", "Retry-After" })
                {
                    Ensure.That(exposed.Contains(header, StringComparison.OrdinalIgnoreCase), $"CU-CORS-6: {header} is not exposed");
                }
            });

        yield return new Check("cors.undecided-page", "A page the owner has not decided about reads its answers: preflight 204 with its own origin, never *", "core",
            ["CU-CORS-1", "CU-CORS-2"], async c =>
        {
            var answer = await c.SendAsync(HttpMethod.Options, "/v1/workers", configure: r =>
            {
                r.Headers.Add("Origin", "https://undecided.invalid");
                r.Headers.Add("Access-Control-Request-Method", "POST");
            });
            Ensure.Equal(204, answer.Code, "CU-CORS-1: preflight from a page not permitted yet");
            Ensure.Equal("https://undecided.invalid", answer.Header("Access-Control-Allow-Origin"), "CU-CORS-2: Access-Control-Allow-Origin");
        });

        yield return new Check("cors.refused-page", "A page origin the owner denied gets no Access-Control-Allow-Origin", "core", ["CU-CORS-3"], async c =>
        {
            // Denying is the owner's act (a dashboard, a setting); the standard gives a client no way to deny an origin.
            if (c.Session.DeniedOrigin is not { } denied)
            {
                throw Ensure.NotTested("the suite cannot deny a page origin itself: deny one on the target and name it with --denied-origin ORIGIN");
            }

            var answers = new List<string>();
            foreach (var (method, path) in new[] { (HttpMethod.Options, "/v1/workers"), (HttpMethod.Get, "/.well-known/compute-utility"), (HttpMethod.Post, "/v1/workers") })
            {
                var answer = await c.SendAsync(method, path, method == HttpMethod.Post ? System.Net.Http.Json.JsonContent.Create(c.Package("probe").Body) : null,
                    configure: r =>
                    {
                        r.Headers.Add("Origin", denied);
                        if (method == HttpMethod.Options)
                        {
                            r.Headers.Add("Access-Control-Request-Method", "POST");
                        }
                    });
                if (answer.Code == 201)
                {
                    c.Track(answer);
                }

                if (answer.Header("Access-Control-Allow-Origin") is { } allowed)
                {
                    answers.Add($"{method} {path} answered {answer.Code} with Access-Control-Allow-Origin '{allowed}'");
                }
            }

            Ensure.That(answers.Count == 0, $"CU-CORS-3: the page origin {denied}, which the run was told the owner denied: " + string.Join("; ", answers) +
                                            " (if the owner has not denied it, deny it on the target or drop --denied-origin)");
        });
    }

    private static string AllowedPage(CheckContext c) => c.Origin.Authority;
}
