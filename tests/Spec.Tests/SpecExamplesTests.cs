using System.Text.Json.Nodes;
using ComputeUtility.Conformance.Spec;
using NJsonSchema;

namespace ComputeUtility.Spec.Tests;

/// <summary>Every example in the spec validates against the schema it illustrates.</summary>
public sealed class SpecExamplesTests
{
    private static readonly OpenApiDocument Spec = new(Repo.Spec(""));

    public static TheoryData<string> SchemaFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repo.Spec("schemas"), "*.schema.json"))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public async Task Each_schema_file_has_examples_and_they_all_validate(string file)
    {
        var schema = await JsonSchema.FromFileAsync(Repo.Spec(Path.Combine("schemas", file)));
        var examples = JsonNode.Parse(await File.ReadAllTextAsync(Repo.Spec(Path.Combine("schemas", file))))!["examples"]!.AsArray();

        examples.Should().NotBeEmpty();
        foreach (var example in examples)
        {
            schema.Validate(example!.ToJsonString()).Should().BeEmpty($"{file}: {example.ToJsonString()}");
        }
    }

    [Fact]
    public void Every_example_in_openapi_validates_against_its_media_type_schema()
    {
        var checkedCount = 0;
        var failures = new List<string>();
        foreach (var (pointer, media) in MediaTypes())
        {
            if (media["schema"] is null)
            {
                continue;
            }

            var schema = Spec.SchemaAt(pointer + "/schema");
            foreach (var (name, example) in media["examples"]?.AsObject() ?? [])
            {
                var value = Spec.Resolve(example!)["value"];
                if (value is null)
                {
                    continue;
                }

                checkedCount++;
                var errors = schema.Validate(value.ToJsonString());
                failures.AddRange(errors.Select(e => $"{pointer} example '{name}': {e.Path} {e.Kind}"));
            }
        }

        failures.Should().BeEmpty();
        checkedCount.Should().BeGreaterThan(20);
    }

    [Fact]
    public void Every_example_of_a_component_schema_validates()
    {
        var failures = new List<string>();
        foreach (var (name, node) in Spec.Root["components"]!["schemas"]!.AsObject())
        {
            var schema = Spec.SchemaAt("#/components/schemas/" + OpenApiDocument.Escape(name));
            foreach (var example in node!["examples"]?.AsArray() ?? [])
            {
                failures.AddRange(schema.Validate(example!.ToJsonString()).Select(e => $"{name}: {e.Path} {e.Kind}"));
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Every_single_example_of_a_parameter_header_media_type_or_schema_validates()
    {
        var checkedCount = 0;
        var failures = new List<string>();
        foreach (var (pointer, holder) in WithExample(Spec.Root, "#"))
        {
            // A parameter, header or media type carries its schema beside the example; a schema carries the example itself.
            var schemaPointer = holder["schema"] is not null ? pointer + "/schema" : pointer;
            checkedCount++;
            failures.AddRange(Spec.SchemaAt(schemaPointer).Validate(holder["example"]!.ToJsonString()).Select(e => $"{pointer}: {e.Path} {e.Kind}"));
        }

        failures.Should().BeEmpty();
        checkedCount.Should().BeGreaterThan(10);
    }

    /// <summary>Media type objects of request bodies and responses, with the JSON pointer to each.</summary>
    private static IEnumerable<(string Pointer, JsonObject Media)> MediaTypes()
    {
        foreach (var (path, method, operation) in Spec.Operations())
        {
            var op = $"#/paths/{OpenApiDocument.Escape(path)}/{method}";
            if (operation["requestBody"] is { } body)
            {
                foreach (var item in Content(Spec.Resolve(body), op + "/requestBody"))
                {
                    yield return item;
                }
            }

            foreach (var (status, response) in operation["responses"]?.AsObject() ?? [])
            {
                var pointer = response!["$ref"]?.GetValue<string>() ?? $"{op}/responses/{status}";
                foreach (var item in Content(Spec.Resolve(response), pointer))
                {
                    yield return item;
                }
            }
        }
    }

    private static IEnumerable<(string, JsonObject)> Content(JsonNode holder, string pointer)
    {
        foreach (var (mediaType, media) in holder["content"]?.AsObject() ?? [])
        {
            yield return ($"{pointer}/content/{OpenApiDocument.Escape(mediaType)}", media!.AsObject());
        }
    }

    /// <summary>Objects with a single <c>example</c>: parameters, headers, media types and schemas.</summary>
    private static IEnumerable<(string Pointer, JsonObject Holder)> WithExample(JsonNode? node, string pointer)
    {
        if (node is JsonObject obj)
        {
            if (obj.ContainsKey("example"))
            {
                yield return (pointer, obj);
            }

            foreach (var (key, child) in obj)
            {
                foreach (var found in WithExample(child, $"{pointer}/{OpenApiDocument.Escape(key)}"))
                {
                    yield return found;
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var found in WithExample(array[i], $"{pointer}/{i}"))
                {
                    yield return found;
                }
            }
        }
    }
}
