using System.Text.Json;
using ComputeUtility.Server.Hosting;
using ComputeUtility.Server.Problems;
using NJsonSchema;

namespace ComputeUtility.Server.Packages;

/// <summary>Parses manifest bytes and validates them against the spec's manifest schema.</summary>
internal sealed class ManifestReader
{
    private readonly JsonSchema _schema;

    public ManifestReader(SpecFiles spec)
    {
        _schema = JsonSchema.FromFileAsync(spec.SchemaPath("package-manifest.schema.json")).GetAwaiter().GetResult();
    }

    public PackageManifest Read(ReadOnlySpan<byte> bytes)
    {
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new ProblemException(ProblemTypes.InvalidManifest, "The manifest is not UTF-8 text.");
        }

        ICollection<NJsonSchema.Validation.ValidationError> errors;
        try
        {
            errors = _schema.Validate(text);
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            throw new ProblemException(ProblemTypes.InvalidManifest, $"The manifest is not JSON: {ex.Message}");
        }

        if (errors.Count > 0)
        {
            throw new ProblemException(ProblemTypes.InvalidManifest,
                    "The manifest does not match the package manifest schema.")
                .With("errors", errors.Select(e => $"{e.Path}: {e.Kind}").ToArray());
        }

        try
        {
            return JsonSerializer.Deserialize<PackageManifest>(text, JsonDefaults.Options)
                ?? throw new ProblemException(ProblemTypes.InvalidManifest, "The manifest is empty.");
        }
        catch (JsonException ex)
        {
            // The schema passed it, but a value does not fit what the utility reads it into.
            throw new ProblemException(ProblemTypes.InvalidManifest, $"The manifest has a value this utility cannot read: {ex.Message}")
                .With("errors", new[] { $"{ex.Path}: {ex.Message}" });
        }
    }
}
