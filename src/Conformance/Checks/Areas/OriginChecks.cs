using System.Net;
using System.Text.Json;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 7: the origin rule.</summary>
internal static class OriginChecks
{
    private static readonly string[] InternalUrls =
    [
        "http://127.0.0.1:8080/app/manifest.json", "http://localhost/app/manifest.json", "http://app.localhost/manifest.json",
        "http://10.1.2.3/app/manifest.json", "http://172.16.0.5/app/manifest.json", "http://192.168.1.10/app/manifest.json",
        "http://169.254.169.254/latest/meta-data", "http://[::1]/app/manifest.json", "http://[fd00::1]/app/manifest.json",
        "http://[fe80::1]/app/manifest.json", "http://0.0.0.0/app/manifest.json", "http://100.64.0.1/app/manifest.json",
        "http://[::ffff:127.0.0.1]/app/manifest.json",
        // Other spellings of the same addresses (CU-ORIG-3: "every spelling"): a URL parser reads each as an internal address.
        "http://2130706433/app/manifest.json", "http://0x7f.1/app/manifest.json", "http://127.1/app/manifest.json",
        "http://0177.0.0.1/app/manifest.json", "http://localhost./app/manifest.json", "http://LOCALHOST/app/manifest.json",
        "http://224.0.0.251/app/manifest.json", "http://[ff02::fb]/app/manifest.json", "http://[64:ff9b::7f00:1]/app/manifest.json",
        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data", "http://[::ffff:7f00:1]/app/manifest.json",
    ];

    public static IEnumerable<Check> All()
    {
        yield return new Check("origin.scheme", "A package URL that is not http or https gets 403 origin-not-allowed", "core", ["CU-ORIG-1"], async c =>
        {
            foreach (var url in new[] { "ftp://example.com/app/manifest.json", "file:///etc/passwd", "data:application/json,{}" })
            {
                (await c.PostJsonAsync("/v1/workers", new { package = url, integrity = c.Package("probe").Integrity }))
                    .ExpectProblem("origin-not-allowed", 403);
            }
        });

        yield return new Check("origin.page-origin", "A page may name packages of its own or allow-listed origins only", "core", ["CU-ORIG-2"], async c =>
        {
            var probe = c.Package("probe");
            // The suite's origin is a page the owner permitted (section 15.1), so the origin rule is what refuses here.
            (await c.PostJsonAsync("/v1/workers", new { package = "https://elsewhere.invalid/app/manifest.json", integrity = probe.Integrity },
                configure: r => r.Headers.Add("Origin", c.Origin.Authority))).ExpectProblem("origin-not-allowed", 403);
            ExpectRefused(await c.PostJsonAsync("/v1/workers", new { package = "https://elsewhere.invalid/app/manifest.json", integrity = probe.Integrity },
                configure: r => r.Headers.Add("Origin", "null")));
            var own = await c.PostJsonAsync("/v1/workers", probe.Body, configure: r => r.Headers.Add("Origin", c.Origin.Authority));
            own.Expect(201);
            var body = own.Json;
            await c.SendAsync(HttpMethod.Delete, $"/v1/workers/{body.GetProperty("id").GetString()}", token: body.GetProperty("token").GetString());
        });

        yield return new Check("origin.internal-hosts", "Package URLs on internal hosts get 403 unless private hosts are allowed", "core", ["CU-ORIG-3"], async c =>
        {
            RequirePrivateHostsRefused(c);
            var wrong = new List<string>();
            foreach (var url in InternalUrls)
            {
                var answer = await c.PostJsonAsync("/v1/workers", new { package = url, integrity = c.Package("probe").Integrity });
                if (answer.Code is 200 or 201)
                {
                    c.Track(answer);
                }

                if (answer.Code != 403 || !answer.Body.Contains("problem:origin-not-allowed", StringComparison.Ordinal))
                {
                    wrong.Add($"{url} → {answer.Code}");
                }
            }

            Ensure.That(wrong.Count == 0, "CU-ORIG-3: internal hosts not refused with 403 origin-not-allowed: " + string.Join(", ", wrong));
        });

        yield return new Check("origin.allow-list-is-per-origin",
            "An allow-listed origin exempts that origin only: another port of its internal host is still refused", "core", ["CU-ORIG-9", "CU-ORIG-3"], async c =>
            {
                RequirePrivateHostsRefused(c);
                var probe = c.Package("probe");
                await using var other = await ComputeUtility.Conformance.Origin.SuiteOrigin.StartAsync(
                    new IPEndPoint(IPAddress.Parse(c.Origin.BaseUri.Host.Trim('[', ']')), 0));
                var url = other.Url(probe.ManifestPath).ToString();
                var answer = await c.PostJsonAsync("/v1/workers", new { package = url, integrity = probe.Integrity });
                if (answer.Code == 201)
                {
                    c.Track(answer);
                }

                Ensure.That(answer.Code == 403 && answer.Body.Contains("problem:origin-not-allowed", StringComparison.Ordinal),
                    $"CU-ORIG-9: {c.Origin.Authority} is allow-listed, {other.Authority} (same host, another port) is not; " +
                    $"a package there must get 403 origin-not-allowed, got {answer.Code}");
                Ensure.Equal(0, other.AllHits, "CU-ORIG-9: requests the target sent to the origin that is not allow-listed");
            });

        yield return new Check("origin.resolved-internal", "A name that resolves to an internal address is not fetched from", "core", ["CU-ORIG-4"], async c =>
        {
            RequirePrivateHostsRefused(c);
            var name = Dns.GetHostName();
            IPAddress[] addresses;
            try
            {
                addresses = await Dns.GetHostAddressesAsync(name);
            }
            catch (System.Net.Sockets.SocketException)
            {
                addresses = [];
            }

            if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || !addresses.Any(IPAddress.IsLoopback))
            {
                throw Ensure.NotApplicable("no host name other than localhost resolves to a loopback address here");
            }

            // A package published for this check only, so no cache can answer for it.
            var fresh = c.Catalog.Publish("probe", "reactor", alias: "resolved-internal-" + Guid.NewGuid().ToString("N")[..8]);
            var url = $"http://{name}:{c.Origin.BaseUri.Port}/{fresh.ManifestPath}";
            var answer = await c.PostJsonAsync("/v1/workers", new { package = url, integrity = fresh.Integrity });
            // CU-ORIG-4 names the answer: the host is a public-looking name, so only the connection is refused, and that is 502.
            answer.ExpectProblem("package-fetch-failed", 502);
            Ensure.Equal(0, c.Origin.Hits(fresh.ManifestPath), "CU-ORIG-4: requests the origin received through the internal name");
        });

        yield return new Check("origin.comparison", "Origins compare case-insensitively by host", "core", ["CU-ORIG-6"], async c =>
        {
            var probe = c.Package("probe");
            var upper = c.Origin.Authority.Replace("localhost", "LOCALHOST", StringComparison.Ordinal);
            if (!c.Origin.BaseUri.IsLoopback || c.Origin.BaseUri.Host != "localhost")
            {
                // The origin is an address literal; compare with an explicit uppercase scheme instead.
                upper = c.Origin.Authority.Replace("http://", "HTTP://", StringComparison.Ordinal);
            }

            var answer = await c.PostJsonAsync("/v1/workers", probe.Body, configure: r => r.Headers.TryAddWithoutValidation("Origin", upper));
            answer.Expect(201);
            var body = answer.Json;
            await c.SendAsync(HttpMethod.Delete, $"/v1/workers/{body.GetProperty("id").GetString()}", token: body.GetProperty("token").GetString());
        });

        yield return new Check("origin.allow-list-published", "policies.allowedOrigins lists the origins the utility allow-lists", "core", ["CU-ORIG-7"], c =>
        {
            var policies = c.Descriptor.GetProperty("policies");
            var listed = policies.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()).ToList();
            var privateAllowed = policies.GetProperty("privateHostsAllowed").GetBoolean();
            // The suite's origin is on loopback: unless private hosts are allowed, the target accepts it only by allow-list.
            Ensure.That(privateAllowed || listed.Contains(c.Origin.Authority),
                $"CU-ORIG-7: the target accepts packages from {c.Origin.Authority} but neither lists it nor allows private hosts");
            Ensure.That(listed.All(o => Uri.TryCreate(o, UriKind.Absolute, out var u) && u.AbsolutePath == "/" && !o!.EndsWith('/')),
                "CU-ORIG-7: every allowedOrigins entry must be an origin (scheme://host[:port])");
            return Task.CompletedTask;
        });

        yield return new Check("origin.cached-packages", "The origin rule applies to packages the utility has cached", "core", ["CU-ORIG-8"], async c =>
        {
            var probe = c.Package("probe");
            await c.CreateWorkerAsync(probe);
            if (c.Descriptor.GetProperty("policies").GetProperty("privateHostsAllowed").ValueKind == JsonValueKind.True)
            {
                // Any host is allowed: a page on another origin is what the rule refuses.
                ExpectRefused(await c.PostJsonAsync("/v1/workers", probe.Body, configure: r => r.Headers.Add("Origin", "https://page.invalid")));
                return;
            }

            // The same cached bytes under a name that is neither allow-listed nor public.
            var alias = probe.ManifestUrl.ToString().Replace(c.Origin.BaseUri.Host, "localhost", StringComparison.Ordinal);
            (await c.PostJsonAsync("/v1/workers", new { package = alias, integrity = probe.Integrity })).ExpectProblem("origin-not-allowed", 403);
        });
    }

    private static void RequirePrivateHostsRefused(CheckContext c)
    {
        if (c.Descriptor.GetProperty("policies").GetProperty("privateHostsAllowed").ValueKind == JsonValueKind.True)
        {
            throw Ensure.NotApplicable("the target allows private package hosts (policies.privateHostsAllowed); allow-list the suite's origin instead to check this");
        }
    }

    /// <summary>
    /// A page of another origin is refused by the origin rule, or before it by the owner's page-origin permissions (CU-PERM-1):
    /// either way nothing is fetched for it.
    /// </summary>
    private static void ExpectRefused(Answer answer) =>
        answer.ExpectProblem(answer.Body.Contains("problem:origin-not-permitted", StringComparison.Ordinal) ? "origin-not-permitted" : "origin-not-allowed", 403);
}
