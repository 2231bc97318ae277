using System.Text.Json.Nodes;
using ComputeUtility.SpecSite.Api;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace ComputeUtility.Spec.Tests;

/// <summary>
/// openapi.yaml read by an independent OpenAPI reader (Microsoft.OpenApi) and every reference
/// followed. The reader is given the bundled copy (schemas inlined): given openapi.yaml itself,
/// Microsoft.OpenApi 3.11 throws on the relative references to schemas/*.schema.json.
/// </summary>
public sealed class OpenApiLintTests
{
    private static readonly OpenApiBundle Bundle = OpenApiBundle.Build(Repo.Spec(""));

    [Fact]
    public void Every_reference_in_openapi_and_the_schemas_resolves()
    {
        Bundle.Errors.Should().BeEmpty();
        References(Bundle.Document).Should().OnlyContain(r => r.StartsWith("#/", StringComparison.Ordinal),
            "the bundle must hold every schema it refers to");
    }

    [Fact]
    public void Every_reference_to_a_schema_file_names_a_file_that_exists()
    {
        var openapi = Conformance.Spec.YamlJson.Load(Repo.Spec("openapi.yaml"));
        var fromOpenApi = References(openapi).Where(r => !r.StartsWith('#')).Select(r => Repo.Spec(Path.Combine(".", r.Split('#')[0])));
        var fromSchemas = Directory.GetFiles(Repo.Spec("schemas"), "*.schema.json").SelectMany(file =>
            References(JsonNode.Parse(File.ReadAllText(file))!).Where(r => !r.StartsWith('#'))
                .Select(r => Path.Combine(Path.GetDirectoryName(file)!, r.Split('#')[0])));

        var files = fromOpenApi.Concat(fromSchemas).ToList();

        files.Should().NotBeEmpty();
        files.Where(f => !File.Exists(f)).Should().BeEmpty();
    }

    [Fact]
    public void Openapi_reads_without_errors_or_warnings_in_Microsoft_OpenApi()
    {
        var result = OpenApiDocument.Parse(Bundle.Document.ToJsonString(), "json", new OpenApiReaderSettings());

        result.Diagnostic!.Errors.Select(e => e.ToString()).Should().BeEmpty();
        result.Diagnostic.Warnings.Select(e => e.ToString()).Should().BeEmpty();
        result.Diagnostic.SpecificationVersion.Should().Be(OpenApiSpecVersion.OpenApi3_1);
        result.Document!.Paths.Should().HaveCount(Bundle.Document["paths"]!.AsObject().Count);
    }

    [Fact]
    public void Openapi_validates_against_the_rules_of_Microsoft_OpenApi()
    {
        var document = OpenApiDocument.Parse(Bundle.Document.ToJsonString(), "json", new OpenApiReaderSettings()).Document!;

        var problems = document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? [];

        problems.Select(p => p.ToString()).Should().BeEmpty();
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v && v.TryGetValue(out string? r) ? [r] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };
}
