using System.Net;
using ComputeUtility.Conformance.Origin;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 15.1: page origins the owner permits.</summary>
internal static class PermissionChecks
{
    public static IEnumerable<Check> All()
    {
        yield return new Check("permissions.unpermitted-page",
            "A page origin the owner has not permitted gets 403 origin-not-permitted, readable by the page, and nothing is fetched from it", "core",
            ["CU-PERM-1", "CU-CORS-2"], async c =>
            {
                // A second origin of the suite's, on another port: the target's owner has not permitted it as a page.
                await using var stranger = await SuiteOrigin.StartAsync(new IPEndPoint(IPAddress.Parse(c.Origin.BaseUri.Host.Trim('[', ']')), 0));
                var probe = c.Package("probe");
                var page = stranger.Authority;
                var body = new { package = stranger.Url(probe.ManifestPath).ToString(), integrity = probe.Integrity };
                foreach (var path in new[] { "/v1/workers", "/v1/tasks" })
                {
                    var answer = await c.PostJsonAsync(path, body, configure: r => r.Headers.Add("Origin", page));
                    if (answer.Code is 201 or 200)
                    {
                        c.Track(answer);
                    }

                    answer.ExpectProblem("origin-not-permitted", 403);
                    Ensure.Equal(page, answer.Header("Access-Control-Allow-Origin"), $"CU-CORS-2: Access-Control-Allow-Origin of the refusal of {path}");
                }

                (await c.SendAsync(HttpMethod.Get, "/v1/workers/w-any", configure: r => r.Headers.Add("Origin", page)))
                    .ExpectProblem("origin-not-permitted", 403);
                Ensure.Equal(0, stranger.AllHits, "CU-PERM-1: requests the target sent to the origin of a page its owner has not permitted");
            });

        yield return new Check("permissions.own-origin-and-programs",
            "The utility's own origin is permitted; the descriptor and /healthz answer any page", "core", ["CU-PERM-2", "CU-PERM-3"], async c =>
            {
                var own = c.Session.Target.GetLeftPart(UriPartial.Authority);
                var answer = await c.SendAsync(HttpMethod.Get, "/v1/workers/w-not-there", configure: r => r.Headers.Add("Origin", own));
                Ensure.That(!answer.Body.Contains("problem:origin-not-permitted", StringComparison.Ordinal),
                    $"CU-PERM-2: a request from the utility's own origin {own} was refused as a page not permitted");
                answer.ExpectProblem("not-found", 404);

                foreach (var path in new[] { "/.well-known/compute-utility", "/healthz" })
                {
                    (await c.SendAsync(HttpMethod.Get, path, configure: r => r.Headers.Add("Origin", "https://stranger.invalid")))
                        .Expect(200);
                }
            });
    }
}
