namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 15.2: what a utility answers to pages that reach it through Local Network Access.</summary>
internal static class LocalNetworkAccessChecks
{
    public static IEnumerable<Check> All()
    {
        yield return new Check("lna.preflight", "A preflight without the Private Network Access header is answered as one with it; a page not allowed stays refused",
            "core", ["CU-LNA-1", "CU-LNA-2"], async c =>
            {
                var page = c.Origin.Authority;
                var allowed = await PreflightAsync(c, page);
                Ensure.Equal(204, allowed.Code, "CU-LNA-2: a preflight without Access-Control-Request-Private-Network");
                var allowOrigin = allowed.Header("Access-Control-Allow-Origin");
                Ensure.That(allowOrigin == page || allowOrigin == "*", $"CU-LNA-2: Access-Control-Allow-Origin is '{allowOrigin}'");

                // Whatever the browser's LNA decision, a page the owner has not permitted is still refused: by CORS
                // (no Access-Control-Allow-Origin) or, when its preflight is readable (section 15), by the 403 that follows.
                const string stranger = "https://not-allowed.invalid";
                var refused = await PreflightAsync(c, stranger);
                var refusedOrigin = refused.Header("Access-Control-Allow-Origin");
                Ensure.That(refusedOrigin != "*", "CU-CORS-2: a preflight answered with Access-Control-Allow-Origin '*'");
                if (refusedOrigin is not null)
                {
                    var probe = c.Package("probe");
                    var answer = await c.PostJsonAsync("/v1/workers", probe.Body, configure: r => r.Headers.Add("Origin", stranger));
                    if (answer.Code is 201)
                    {
                        c.Track(answer);
                    }

                    Ensure.That(answer.Code == 403,
                        $"CU-LNA-1: a page not permitted, whose preflight without the PNA header was readable, created a worker ({answer.Code})");
                }
            });

        yield return new Check("lna.links", "The channel URL keeps the scheme, host and port the client came in with", "core", ["CU-LNA-3"], async c =>
        {
            var target = c.Session.Target;
            var ws = target.Scheme == "https" ? "wss" : "ws";

            // The same utility named two ways: as the suite was told, and (for an IP literal on loopback) as localhost.
            var hosts = new List<string> { target.Authority };
            if (target.IsLoopback && target.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
            {
                hosts.Add($"localhost:{target.Port}");
            }

            foreach (var host in hosts)
            {
                var created = await c.PostJsonAsync("/v1/workers", c.Package("probe").Body, configure: r => r.Headers.Host = host);
                created.Expect(201);
                c.Track(created);
                var channel = created.Json.GetProperty("links").GetProperty("channel").GetString() ?? "";
                Ensure.That(channel.StartsWith($"{ws}://{host}/", StringComparison.OrdinalIgnoreCase),
                    $"CU-LNA-3: asked as {target.Scheme}://{host}, links.channel is '{channel}'");
                var location = created.Header("Location") ?? "";
                // "/v1/..." parses as an absolute file: URI on Unix; only an http(s) URL is an absolute link here.
                if (Uri.TryCreate(location, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
                {
                    Ensure.That(string.Equals(absolute.Authority, host, StringComparison.OrdinalIgnoreCase) && absolute.Scheme == target.Scheme,
                        $"CU-LNA-3: asked as {target.Scheme}://{host}, Location is '{location}'");
                }
            }
        });
    }

    private static Task<Answer> PreflightAsync(CheckContext c, string page) =>
        c.SendAsync(HttpMethod.Options, "/v1/workers", configure: r =>
        {
            r.Headers.Add("Origin", page);
            r.Headers.Add("Access-Control-Request-Method", "POST");
            r.Headers.Add("Access-Control-Request-Headers", "content-type");
        }, validate: false);
}
