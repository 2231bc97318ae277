using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ComputeUtility.Conformance.Checks.Areas;

/// <summary>Section 5.1: what a page on another origin reads in the descriptor.</summary>
internal static class DescriptorPrivacyChecks
{
    private const string Path = "/.well-known/compute-utility";
    private const string PageA = "https://page-a.invalid";
    private const string PageB = "https://page-b.invalid";
    private static readonly string[] PressureStates = ["nominal", "fair", "serious", "critical"];

    public static IEnumerable<Check> All()
    {
        yield return new Check("descriptor.cross-origin-minimised",
            "A page on another origin gets no name, hardware only as rounded cores and memory, load only as pressure, latency rounded",
            "core", ["CU-DESC-11"], async c =>
            {
                var answer = (await AskAsync(c, HttpMethod.Get, PageA)).Expect(200);
                var errors = c.Session.Spec.SchemaFile("descriptor.schema.json").Validate(answer.Body);
                Ensure.That(errors.Count == 0, "CU-DESC-11: the minimised descriptor must still validate: " + string.Join("; ", errors.Select(e => $"{e.Path} {e.Kind}")));
                var body = answer.Json;
                Ensure.That(!body.TryGetProperty("name", out _), "CU-DESC-11: a page on another origin must not see the utility's name");
                if (body.TryGetProperty("hardware", out var hardware))
                {
                    var extra = hardware.EnumerateObject().Select(p => p.Name).Except(["cores", "memoryBytes"]).ToList();
                    Ensure.That(extra.Count == 0, $"CU-DESC-11: hardware may hold only cores and memoryBytes, not {string.Join(", ", extra)}");
                    foreach (var member in hardware.EnumerateObject())
                    {
                        Ensure.That(member.Value.TryGetInt64(out var v) && v > 0 && (v & (v - 1)) == 0,
                            $"CU-DESC-11: hardware.{member.Name} must be rounded down to a power of two, got {member.Value}");
                    }
                }

                if (body.TryGetProperty("load", out var load))
                {
                    var members = load.EnumerateObject().Select(p => p.Name).ToList();
                    Ensure.That(members.SequenceEqual(["pressure"]), $"CU-DESC-11: load may hold only pressure, got {string.Join(", ", members)}");
                }

                if (body.TryGetProperty("latency", out var latency))
                {
                    foreach (var figure in latency.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.Object))
                    {
                        Ensure.That(!figure.Value.TryGetProperty("samples", out _), $"CU-DESC-11: latency.{figure.Name} must not carry samples");
                        foreach (var p in new[] { "p50", "p99" })
                        {
                            if (figure.Value.TryGetProperty(p, out var ms) && ms.TryGetDouble(out var value))
                            {
                                Ensure.That(IsTwoDigits(value), $"CU-DESC-11: latency.{figure.Name}.{p} must have at most two significant digits, got {value}");
                            }
                        }
                    }
                }
            });

        yield return new Check("descriptor.cross-origin-ids", "Two page origins get two ids, neither the program's; one origin keeps its id",
            "core", ["CU-DESC-12"], async c =>
            {
                var program = await IdAsync(c, origin: null);
                var a = await IdAsync(c, PageA);
                var b = await IdAsync(c, PageB);
                var aAgain = await IdAsync(c, PageA);
                Ensure.That(a != b, $"CU-DESC-12: {PageA} and {PageB} must get different ids, both got {a}");
                Ensure.That(a != program && b != program, $"CU-DESC-12: a page on another origin must not get the id programs see ({program})");
                Ensure.Equal(a, aAgain, $"CU-DESC-12: the id {PageA} gets on a second request");
            });

        yield return new Check("descriptor.vary-origin", "Every descriptor answer, 304 and HEAD included, carries Vary: Origin", "core",
            ["CU-DESC-13"], async c =>
            {
                foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
                {
                    foreach (var origin in new[] { null, PageA })
                    {
                        var first = (await AskAsync(c, method, origin)).Expect(200);
                        RequireVary(first, $"{method} {origin ?? "(no Origin)"}");
                        var etag = first.Header("ETag");
                        if (etag is null)
                        {
                            continue;
                        }

                        var second = await AskAsync(c, method, origin, r => r.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag)));
                        if (second.Code == 304)
                        {
                            RequireVary(second, $"a 304 to {method} {origin ?? "(no Origin)"}");
                        }
                    }
                }
            });

        yield return new Check("descriptor.pressure", "load.pressure is one of the four pressure states, for programs and pages alike", "core",
            ["CU-DESC-14"], async c =>
            {
                foreach (var origin in new[] { null, PageA })
                {
                    var body = (await AskAsync(c, HttpMethod.Get, origin)).Expect(200).Json;
                    var pressure = body.TryGetProperty("load", out var load) && load.TryGetProperty("pressure", out var p) ? p.GetString() : null;
                    Ensure.That(pressure is not null && PressureStates.Contains(pressure),
                        $"CU-DESC-14: load.pressure ({origin ?? "no Origin"}) must be one of {string.Join(", ", PressureStates)}, got '{pressure}'");
                }
            });
    }

    private static Task<Answer> AskAsync(CheckContext c, HttpMethod method, string? origin, Action<HttpRequestMessage>? more = null) =>
        c.SendAsync(method, Path, configure: r =>
        {
            if (origin is not null)
            {
                r.Headers.Add("Origin", origin);
            }

            more?.Invoke(r);
        });

    private static async Task<string?> IdAsync(CheckContext c, string? origin) =>
        (await AskAsync(c, HttpMethod.Get, origin)).Expect(200).Json.GetProperty("id").GetString();

    private static void RequireVary(Answer answer, string what)
    {
        var vary = answer.Header("Vary") ?? "";
        Ensure.That(vary.Split(',').Any(v => v.Trim().Equals("Origin", StringComparison.OrdinalIgnoreCase)),
            $"CU-DESC-13: {what} must carry Vary: Origin, got '{vary}'");
    }

    private static bool IsTwoDigits(double value) =>
        value == 0 || double.Parse(value.ToString("G2", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) == value;
}
