using System.Net.Http.Headers;
using System.Text.Json;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 5: the descriptor.</summary>
internal static class DescriptorChecks
{
    private const string Path = "/.well-known/compute-utility";

    private static readonly string[] Limits =
    [
        "maxWorkers", "maxMemoryBytesPerWorker", "maxMessageBytes", "maxQueuedMessages", "messageDeadlineMs",
        "idleTimeoutSeconds", "maxManifestBytes", "maxModuleBytes", "taskDeadlineMs", "maxTaskMemoryBytes",
        "maxTaskOutputBytes", "maxTaskStdinBytes", "eventBufferEvents", "eventBufferBytes", "maxRequestBodyBytes",
    ];

    private static readonly string[] KnownFeatures = ["workers", "channel.websocket", "channel.http", "tasks", "estimates", "snapshots", "snapshots.live", "discovery"];

    public static IEnumerable<Check> All()
    {
        yield return new Check("descriptor.valid", "The descriptor answers 200 without a credential and validates against its schema",
            "core", ["CU-DESC-1", "CU-API-1", "CU-API-2"], async c =>
            {
                var answer = (await c.SendAsync(HttpMethod.Get, Path)).Expect(200);
                Ensure.Equal("application/json", answer.MediaType, "CU-API-2: descriptor media type");
                var errors = c.Session.Spec.SchemaFile("descriptor.schema.json").Validate(answer.Body);
                Ensure.That(errors.Count == 0, "CU-DESC-1: " + string.Join("; ", errors.Select(e => $"{e.Path} {e.Kind}")));
            });

        yield return new Check("descriptor.api-version", "apiVersion is 1.0", "core", ["CU-DESC-2"], async c =>
        {
            var body = (await c.SendAsync(HttpMethod.Get, Path)).Expect(200).Json;
            Ensure.Equal("1.0", body.GetProperty("apiVersion").GetString(), "CU-DESC-2: apiVersion");
        });

        yield return new Check("descriptor.etag", "The descriptor carries a strong ETag that changes with its body", "core", ["CU-DESC-3"], async c =>
        {
            var first = (await c.SendAsync(HttpMethod.Get, Path)).Expect(200);
            var etag = first.Header("ETag");
            Ensure.That(etag is not null && etag.StartsWith('"'), $"CU-DESC-3: a strong ETag is required, got '{etag}'");
            await c.CreateWorkerAsync(c.Package("probe"));
            var second = (await c.SendAsync(HttpMethod.Get, Path)).Expect(200);
            var sameBody = first.Body == second.Body;
            Ensure.That(sameBody == (etag == second.Header("ETag")),
                $"CU-DESC-3: the ETag must change exactly when the body does (bodies {(sameBody ? "equal" : "differ")}, ETags {etag} / {second.Header("ETag")})");
        });

        yield return new Check("descriptor.conditional", "If-None-Match with the current ETag gets 304 without a body and the same ETag",
            "core", ["CU-DESC-4"], async c =>
            {
                // Load figures may move between two requests; a few tries find a quiet moment.
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    var etag = (await c.SendAsync(HttpMethod.Get, Path)).Expect(200).Header("ETag")!;
                    var answer = await c.SendAsync(HttpMethod.Get, Path, configure: r => r.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag)));
                    if (answer.Code == 304)
                    {
                        Ensure.Equal(etag, answer.Header("ETag"), "CU-DESC-4: ETag of the 304");
                        Ensure.That(answer.Body.Length == 0, "CU-DESC-4: a 304 has no body");
                        return;
                    }
                }

                throw new CheckFailed("CU-DESC-4: five conditional requests with the current ETag never got 304");
            });

        yield return new Check("descriptor.cache-control", "The descriptor may be cached for at most 10 seconds", "core", ["CU-DESC-5"], async c =>
        {
            var answer = (await c.SendAsync(HttpMethod.Get, Path)).Expect(200);
            var cache = answer.Header("Cache-Control") ?? "";
            var maxAge = System.Text.RegularExpressions.Regex.Match(cache, @"max-age=(\d+)");
            Ensure.That(maxAge.Success && int.Parse(maxAge.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= 10,
                $"CU-DESC-5: Cache-Control needs max-age ≤ 10, got '{cache}'");
        });

        yield return new Check("descriptor.head", "HEAD answers like GET without a body", "core", ["CU-DESC-6"], async c =>
        {
            var answer = (await c.SendAsync(HttpMethod.Head, Path)).Expect(200);
            Ensure.That(answer.Header("ETag") is not null, "CU-DESC-6: HEAD must carry the ETag GET would");
            Ensure.That(answer.Body.Length == 0, "CU-DESC-6: HEAD must have no body");
        });

        yield return new Check("descriptor.version", "descriptorVersion stays the same when only load changes", "core", ["CU-DESC-7"], async c =>
        {
            var before = (await c.SendAsync(HttpMethod.Get, Path)).Expect(200).Json.GetProperty("descriptorVersion").GetInt64();
            await c.CreateWorkerAsync(c.Package("probe"));
            var after = (await c.SendAsync(HttpMethod.Get, Path)).Expect(200).Json.GetProperty("descriptorVersion").GetInt64();
            Ensure.Equal(before, after, "CU-DESC-7: descriptorVersion after only the load changed");
        });

        yield return new Check("descriptor.version-per-caller", "descriptorVersion is the same for every caller: a program and a page on another origin see one value",
            "core", ["CU-DESC-15"], async c =>
            {
                var program = (await c.SendAsync(HttpMethod.Get, Path)).Expect(200).Json;
                var page = (await c.SendAsync(HttpMethod.Get, Path, configure: r => r.Headers.Add("Origin", "https://other-page.invalid"))).Expect(200).Json;
                var again = (await c.SendAsync(HttpMethod.Get, Path)).Expect(200).Json;
                var versions = new[] { program, page, again }.Select(d => d.GetProperty("descriptorVersion").GetInt64()).ToArray();
                // A version that moved between the two program reads is a real change; only then can the page's differ.
                Ensure.That(versions[0] != versions[2] || versions[1] == versions[0],
                    $"CU-DESC-15: descriptorVersion is {versions[0]} for a program and {versions[1]} for a page on another origin; " +
                    "members that differ per caller (policies.authentication, the minimised members) must not move it");
            });

        yield return new Check("descriptor.limits", "limits holds every limit the spec lists", "core", ["CU-DESC-8"], async c =>
        {
            var limits = (await c.SendAsync(HttpMethod.Get, Path)).Expect(200).Json.GetProperty("limits");
            var missing = Limits.Where(l => !limits.TryGetProperty(l, out var v) || v.ValueKind != JsonValueKind.Number).ToList();
            Ensure.That(missing.Count == 0, $"CU-DESC-8: limits lacks {string.Join(", ", missing)}");
        });

        yield return new Check("descriptor.limits-not-stricter", "A message of exactly limits.maxMessageBytes is accepted", "core",
            ["CU-DESC-9"], async c =>
            {
                var max = c.Limit("maxMessageBytes");
                if (max > 8 * 1024 * 1024 || max > c.Limit("maxRequestBodyBytes"))
                {
                    throw Ensure.NotApplicable($"maxMessageBytes {max} is too large to send in a check");
                }

                var worker = await c.CreateWorkerAsync(c.Package("probe"));
                var json = "\"" + new string('a', (int)max - 2) + "\"";
                var answer = await c.PostMessageAsync(worker, json);
                Ensure.Equal(202, answer.Code, $"CU-DESC-9: a message of exactly maxMessageBytes ({max}) must be accepted");
            });

        yield return new Check("descriptor.features", "features lists only known parts, and the listed ones do not answer 501", "core",
            ["CU-DESC-10"], async c =>
            {
                var features = c.Descriptor.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToList();
                var unknown = features.Except(KnownFeatures).ToList();
                Ensure.That(unknown.Count == 0, $"CU-DESC-10: unknown features {string.Join(", ", unknown)}");
                if (features.Contains("tasks"))
                {
                    var answer = await c.PostJsonAsync("/v1/tasks", new { });
                    Ensure.That(answer.Code != 501, "CU-DESC-10: 'tasks' is listed but POST /v1/tasks answers 501");
                }

                if (features.Contains("estimates"))
                {
                    var answer = await c.PostJsonAsync("/v1/estimates", new { });
                    Ensure.That(answer.Code != 501, "CU-DESC-10: 'estimates' is listed but POST /v1/estimates answers 501");
                }
            });
    }
}
