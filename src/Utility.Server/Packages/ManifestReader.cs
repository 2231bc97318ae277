using System.Numerics;
using System.Text.Json;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Storage;
using NJsonSchema;
using Newtonsoft.Json.Linq;

namespace ComputeUtility.Server.Packages;

/// <summary>Parses manifest bytes and validates them against the spec's manifest schema.</summary>
internal sealed class ManifestReader
{
    private readonly JsonSchema _schema;

    public ManifestReader(SpecFiles spec)
    {
        _schema = JsonSchema.FromFileAsync(spec.SchemaPath("package-manifest.schema.json")).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The manifest as a token tree in which every integer past 64 bits is <see cref="long.MaxValue"/> (or MinValue): the schema
    /// validator cannot compare a BigInteger, and such a size is over every limit anyway, as <see cref="SaturatingInt64Converter"/> reads it.
    /// </summary>
    private static JToken Saturated(string text)
    {
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(text)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
        var token = JToken.ReadFrom(reader);
        if (reader.Read())
        {
            throw new Newtonsoft.Json.JsonReaderException("Additional text after the JSON value.");
        }

        IEnumerable<JToken> all = token is JContainer container ? container.DescendantsAndSelf() : [token];
        foreach (var value in all.OfType<JValue>().Where(v => v.Value is BigInteger).ToList())
        {
            value.Value = ((BigInteger)value.Value!).Sign > 0 ? long.MaxValue : long.MinValue;
        }

        return token;
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
            errors = _schema.Validate(Saturated(text));
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            throw new ProblemException(ProblemTypes.InvalidManifest, $"The manifest is not JSON: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException)
        {
            throw new ProblemException(ProblemTypes.InvalidManifest, "The manifest holds a value this utility cannot check against the schema.");
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
