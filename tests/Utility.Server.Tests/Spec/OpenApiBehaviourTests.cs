namespace ComputeUtility.Server.Tests.Spec;

/// <summary>What spec/openapi.yaml and the schemas say about answers and values is what the server does.</summary>
public sealed class OpenApiBehaviourTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    private static readonly OpenApiDocument Spec = new(Repo.Spec(""));

    [Fact]
    [Requirement("CU-API-6", "CU-CORS-1")]
    public async Task CU_API_6_an_options_request_that_is_not_a_preflight_gets_an_answer_openapi_lists()
    {
        foreach (var (path, _, operation) in Spec.Operations().Where(o => o.Method == "options"))
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, path.Replace("{id}", "w-any").Replace("{snapshotId}", "s-any"));

            var response = await utility.Client.SendAsync(request);

            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            operation["responses"]!.AsObject().Select(r => r.Key).Should().Contain(status, path);
            if (response.StatusCode == HttpStatusCode.MethodNotAllowed)
            {
                await response.ShouldBeProblemAsync("method-not-allowed", HttpStatusCode.MethodNotAllowed);
                response.Content.Headers.Allow.Should().NotBeEmpty(path);
            }
        }
    }

    public static TheoryData<string> IntegrityValues()
    {
        var sha256 = Base64(32);
        var sha384 = Base64(48);
        var sha512 = Base64(64);
        return new TheoryData<string>
        {
            "sha256-0", "sha256-", "sha256-" + sha256, "sha256-" + sha256.TrimEnd('='), "sha256-" + Base64(31), "sha256-" + Base64(33),
            "sha384-" + sha384, "sha384-" + sha256, "sha512-" + sha512, "sha512-" + sha384, "sha512-" + sha512.TrimEnd('='),
            "sha256-" + sha256 + "?ct=application/wasm", $"sha256-{sha256} sha512-{sha512}", $"sha256-{sha256}  sha384-{sha384}",
            $"sha256-{sha256} sha256-0", "SHA256-" + sha256, "md5-" + Base64(16), "sha256-" + sha256.Replace('+', '-').Replace('/', '_'),
        };
    }

    [Theory]
    [Requirement("CU-PKG-1")]
    [MemberData(nameof(IntegrityValues))]
    public void CU_PKG_1_the_integrity_pattern_of_every_request_schema_accepts_exactly_the_integrity_the_server_accepts(string integrity)
    {
        var patterns = Directory.GetFiles(Repo.Spec("schemas"), "*.schema.json")
            .SelectMany(file => Patterns(JsonNode.Parse(File.ReadAllText(file))!).Select(p => (File: Path.GetFileName(file), Pattern: p)))
            .Where(p => p.Pattern.StartsWith("^(sha256", StringComparison.Ordinal) && p.Pattern.Contains("( +", StringComparison.Ordinal))
            .ToList();
        var server = IntegrityMetadata.TryParse(integrity, out _, out _);

        patterns.Should().HaveCountGreaterThanOrEqualTo(4, "workers, tasks, estimates and manifests carry SRI metadata");
        foreach (var (file, pattern) in patterns)
        {
            Regex.IsMatch(integrity, pattern).Should().Be(server, $"{file} and the server must agree on '{integrity}'");
        }
    }

    private static IEnumerable<string> Patterns(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "pattern" && p.Value is JsonValue v ? [v.GetValue<string>()] : p.Value is null ? [] : Patterns(p.Value)),
        JsonArray a => a.Where(i => i is not null).SelectMany(i => Patterns(i!)),
        _ => [],
    };

    // Deterministic digest-sized bytes, so a failing value reads the same on every run.
    private static string Base64(int bytes) => Convert.ToBase64String(SHA512.HashData(Encoding.UTF8.GetBytes("cu" + bytes)).Concat(new byte[16]).Take(bytes).ToArray());
}
