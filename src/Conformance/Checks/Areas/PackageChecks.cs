using System.Security.Cryptography;
using System.Text;
using ComputeUtility.Conformance.Origin;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 6: packages and integrity, pulled from the suite's own origin.</summary>
internal static class PackageChecks
{
    public static IEnumerable<Check> All()
    {
        yield return new Check("packages.bad-request", "Malformed package requests get 400 invalid-request", "core", ["CU-PKG-1", "CU-WRK-3"], async c =>
        {
            var probe = c.Package("probe");
            object[] bodies =
            [
                new { integrity = probe.Integrity },
                new { package = probe.ManifestUrl },
                new { package = "not a url", integrity = probe.Integrity },
                new { package = "/relative/manifest.json", integrity = probe.Integrity },
                new { package = probe.ManifestUrl, integrity = "md5-AAAA" },
                new { package = probe.ManifestUrl, integrity = "sha256-tooshort" },
                new { package = probe.ManifestUrl, integrity = "sha512-" + Convert.ToBase64String(new byte[32]) },
                new { package = probe.ManifestUrl, integrity = probe.Integrity, snapshot = c.Origin.Url("s").ToString(), token = "t" },
                new Dictionary<string, object> { ["Package"] = probe.ManifestUrl, ["integrity"] = probe.Integrity }, // member names are case-sensitive
            ];
            foreach (var body in bodies)
            {
                (await c.PostJsonAsync("/v1/workers", body)).ExpectProblem("invalid-request", 400);
            }

            (await c.SendAsync(HttpMethod.Post, "/v1/workers", new StringContent("[1,2]", Encoding.UTF8, "application/json")))
                .ExpectProblem("invalid-request", 400);
        });

        yield return new Check("packages.integrity-form",
            "An unpadded or base64url digest, or an expression of an algorithm other than sha256/384/512 beside a usable one, gets 400", "core",
            ["CU-PKG-13", "CU-PKG-1"], async c =>
            {
                var probe = c.Package("probe");
                var digest = probe.Integrity["sha256-".Length..];
                var refused = new List<string> { "sha256-" + digest.TrimEnd('='), $"sha1-{Convert.ToBase64String(new byte[20])} {probe.Integrity}",
                    $"{probe.Integrity} md5-{Convert.ToBase64String(new byte[16])}" };
                var urlSafe = "sha256-" + Convert.ToBase64String(Convert.FromBase64String(digest).Select(b => (byte)(b | 0xfc)).ToArray()).Replace('+', '-').Replace('/', '_');
                refused.Add(urlSafe); // bytes ≥ 0xfc put '-' and '_' (base64's '+' and '/') in the text
                var wrong = new List<string>();
                foreach (var integrity in refused)
                {
                    var answer = await c.PostJsonAsync("/v1/workers", new { package = probe.ManifestUrl, integrity });
                    if (answer.Code == 201)
                    {
                        c.Track(answer);
                    }

                    if (answer.Code != 400 || !answer.Body.Contains("problem:invalid-request", StringComparison.Ordinal))
                    {
                        wrong.Add($"'{integrity}' → {answer.Code}");
                    }
                }

                Ensure.That(wrong.Count == 0, "CU-PKG-13: integrity metadata that is not padded standard base64 of sha256, sha384 or sha512 " +
                                              "must be answered 400 invalid-request: " + string.Join(", ", wrong));
            });

        yield return new Check("packages.strongest-algorithm", "Only the strongest algorithm of the SRI metadata counts", "core", ["CU-PKG-2"], async c =>
        {
            var probe = c.Package("probe");
            var manifest = await DownloadAsync(c, probe);
            var sha512 = "sha512-" + Convert.ToBase64String(SHA512.HashData(manifest));
            var wrong512 = "sha512-" + Convert.ToBase64String(new byte[64]);
            (await c.PostJsonAsync("/v1/workers", new { package = probe.ManifestUrl, integrity = $"{probe.Integrity} {wrong512}" }))
                .ExpectProblem("integrity-mismatch", 422);
            var created = await c.PostJsonAsync("/v1/workers", new { package = probe.ManifestUrl, integrity = $"sha256-{Convert.ToBase64String(new byte[32])} {sha512}" });
            created.Expect(201);
            await DeleteAsync(c, created);
        });

        yield return new Check("packages.manifest-integrity", "A manifest that does not match the request's integrity gets 422 integrity-mismatch", "core",
            ["CU-PKG-3"], async c =>
            {
                var probe = c.Package("probe");
                var wrong = "sha256-" + Convert.ToBase64String(SHA256.HashData("other"u8));
                (await c.PostJsonAsync("/v1/workers", new { package = probe.ManifestUrl, integrity = wrong })).ExpectProblem("integrity-mismatch", 422);
            });

        yield return new Check("packages.module-integrity", "A module that does not match module.integrity is refused with 422 integrity-mismatch", "core",
            ["CU-PKG-3"], async c =>
            {
                var lying = c.Catalog.Publish("probe", "reactor", alias: "lying-digest",
                    edit: m => ((Dictionary<string, object?>)m["module"]!)["integrity"] = "sha256-" + Convert.ToBase64String(SHA256.HashData(Guid.NewGuid().ToByteArray())));
                (await c.PostJsonAsync("/v1/workers", lying.Body)).ExpectProblem("integrity-mismatch", 422);
            });

        yield return new Check("packages.invalid-manifest", "A manifest that is not JSON or breaks the schema gets 422 invalid-manifest with errors", "core",
            ["CU-PKG-4"], async c =>
            {
                var notJson = c.Catalog.PublishManifest("not-json", "<html>not a manifest</html>"u8.ToArray());
                (await c.PostJsonAsync("/v1/workers", notJson.Body)).ExpectProblem("invalid-manifest", 422);
                var badSchema = c.Catalog.PublishManifest("bad-schema", """{"name":"Not A Name!","version":"1","kind":"reactor","abi":"cu1"}"""u8.ToArray());
                var problem = (await c.PostJsonAsync("/v1/workers", badSchema.Body)).ExpectProblem("invalid-manifest", 422);
                Ensure.That(problem.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0,
                    "CU-PKG-4: the problem must list the schema errors in 'errors'");
            });

        yield return new Check("packages.wrong-kind", "A command package offered as a worker gets 422 invalid-manifest", "core", ["CU-PKG-5"], async c =>
        {
            var command = c.Package("command", "command");
            (await c.PostJsonAsync("/v1/workers", command.Body)).ExpectProblem("invalid-manifest", 422);
        });

        yield return new Check("packages.cross-origin-module", "A module URL on another origin than its manifest gets 403", "core", ["CU-PKG-6"], async c =>
        {
            var elsewhere = c.Catalog.Publish("probe", "reactor", alias: "module-elsewhere",
                edit: m => ((Dictionary<string, object?>)m["module"]!)["url"] = "https://elsewhere.invalid/probe.wasm");
            (await c.PostJsonAsync("/v1/workers", elsewhere.Body)).ExpectProblem("origin-not-allowed", 403);
        });

        yield return new Check("packages.size-caps", "A manifest or module past its cap gets 422 package-too-large, read no further than the cap",
            "core", ["CU-PKG-7", "CU-PKG-8"], async c =>
            {
                // The origin sends the cap plus a margin, then holds the connection open for 20 s: a utility that
                // enforces the cap while the body arrives answers at once; one that waits for the whole body answers late.
                var manifestCap = c.Limit("maxManifestBytes");
                var endless = c.Catalog.PublishManifest("endless-manifest", [],
                    response: new OriginResponse(Filler(64 * 1024), "application/json") { Endless = true, HoldAfterBytes = manifestCap + Margin });
                var clock = System.Diagnostics.Stopwatch.StartNew();
                (await c.PostJsonAsync("/v1/workers", new { package = endless.ManifestUrl, integrity = Unknown() }))
                    .ExpectProblem("package-too-large", 422);
                Ensure.That(clock.Elapsed < TimeSpan.FromSeconds(15),
                    $"CU-PKG-8: the answer came after {clock.Elapsed.TotalSeconds:0} s, while the origin held the manifest past its cap; the cap must apply while the body arrives");

                var moduleCap = c.Limit("maxModuleBytes");
                var big = c.Catalog.Publish("probe", "reactor", alias: "endless-module", edit: m => ((Dictionary<string, object?>)m["module"]!)["integrity"] = Unknown());
                c.Origin.Put(big.ModulePath, new OriginResponse(Filler(64 * 1024), "application/wasm") { Endless = true, HoldAfterBytes = moduleCap + Margin });
                clock.Restart();
                (await c.PostJsonAsync("/v1/workers", big.Body)).ExpectProblem("package-too-large", 422);
                Ensure.That(clock.Elapsed < TimeSpan.FromSeconds(15),
                    $"CU-PKG-8: the answer came after {clock.Elapsed.TotalSeconds:0} s, while the origin held the module past its cap");
            });

        yield return new Check("packages.invalid-module", "Bytes that are not WebAssembly get 422 invalid-module", "core", ["CU-PKG-9"], async c =>
        {
            var invalid = c.Catalog.Publish("invalid", "reactor");
            (await c.PostJsonAsync("/v1/workers", invalid.Body)).ExpectProblem("invalid-module", 422);
        });

        yield return new Check("packages.no-redirects", "A redirect from the origin is a failed fetch and is not followed", "core", ["CU-PKG-10"], async c =>
        {
            // A target no cache holds yet, so a utility cannot answer without fetching.
            var target = c.Catalog.Publish("probe", "reactor", alias: "redirect-target-" + Guid.NewGuid().ToString("N")[..8]);
            var redirecting = c.Catalog.PublishManifest("redirecting", [], response: new OriginResponse([], "application/json") { RedirectTo = target.ManifestUrl.ToString() });
            var hitsBefore = c.Origin.Hits(target.ManifestPath);
            (await c.PostJsonAsync("/v1/workers", new { package = redirecting.ManifestUrl, integrity = target.Integrity }))
                .ExpectProblem("package-fetch-failed", 502);
            Ensure.Equal(hitsBefore, c.Origin.Hits(target.ManifestPath), "CU-PKG-10: requests for the redirect target");
        });

        yield return new Check("packages.origin-errors", "An origin answering 404 or failing every time gets 502 package-fetch-failed", "core",
            ["CU-PKG-11"], async c =>
            {
                (await c.PostJsonAsync("/v1/workers", new { package = c.Origin.Url("pkg/nothing-here/manifest.json"), integrity = Unknown() }))
                    .ExpectProblem("package-fetch-failed", 502);
                var failing = c.Catalog.PublishManifest("always-503", [], response: new OriginResponse([], "application/json") { FailTimes = int.MaxValue, FailStatus = 503 });
                (await c.PostJsonAsync("/v1/workers", failing.Body)).ExpectProblem("package-fetch-failed", 502);
            });

        yield return new Check("packages.no-credentials", "A package fetch carries none of the client's credentials", "core", ["CU-PKG-12"], async c =>
        {
            var fresh = c.Catalog.Publish("probe", "reactor", alias: "credential-watch");
            var answer = await c.PostJsonAsync("/v1/workers", fresh.Body, configure: r =>
            {
                r.Headers.Add("Cookie", "session=client-secret");
                // Where the target needs the owner's access token, that is the credential that must not travel on.
                r.Headers.Authorization = new("Bearer", c.Session.AccessToken ?? "client-secret");
            });
            answer.Expect(201);
            await DeleteAsync(c, answer);
            Ensure.That(c.Origin.CredentialsSeen(fresh.ManifestPath) is null && c.Origin.CredentialsSeen(fresh.ModulePath) is null,
                "CU-PKG-12: the origin received the client's Cookie or Authorization header");
        });
    }

    /// <summary>Bytes past a cap the origin sends before it holds: more than any read buffer, far less than "everything".</summary>
    private const long Margin = 4L * 1024 * 1024;

    /// <summary>A digest of nothing the utility can have cached, so it must fetch.</summary>
    private static string Unknown() => "sha256-" + Convert.ToBase64String(SHA256.HashData(Guid.NewGuid().ToByteArray()));

    private static byte[] Filler(int size) => Enumerable.Repeat((byte)' ', size).ToArray();

    private static async Task<byte[]> DownloadAsync(CheckContext c, PublishedPackage package)
    {
        using var http = new HttpClient();
        return await http.GetByteArrayAsync(package.ManifestUrl);
    }

    private static async Task DeleteAsync(CheckContext c, Answer created)
    {
        var body = created.Json;
        await c.SendAsync(HttpMethod.Delete, $"/v1/workers/{body.GetProperty("id").GetString()}", token: body.GetProperty("token").GetString());
    }
}
