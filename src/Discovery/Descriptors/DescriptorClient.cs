using System.Diagnostics;
using System.Text.Json;
using ComputeUtility.Client;
using ComputeUtility.Discovery.Browsing;
using NJsonSchema;

namespace ComputeUtility.Discovery.Descriptors;

/// <summary>Fetches a discovered utility's descriptor (with the client library) and validates it against the normative JSON Schema.</summary>
public sealed class DescriptorClient(HttpClient http)
{
    /// <summary>Bigger descriptors are refused: discovery must not let a stranger make the client read without bound.</summary>
    public const int MaxDescriptorBytes = UtilityClient.MaxDescriptorBytes;

    private static readonly Lazy<Task<JsonSchema>> Schema = new(LoadSchemaAsync);

    public Task<UtilityDescriptor> FetchAsync(DiscoveredUtility utility, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utility);
        return FetchAsync(utility.DescriptorUri, cancellationToken);
    }

    public async Task<UtilityDescriptor> FetchAsync(Uri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var clock = Stopwatch.StartNew();
        Client.UtilityDescriptor fetched;
        try
        {
            using var client = new UtilityClient(http, uri);
            fetched = await client.GetDescriptorAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (UtilityProblemException ex)
        {
            throw new InvalidDescriptorException(uri, [$"HTTP {ex.Status}"]);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException)
        {
            throw new InvalidDescriptorException(uri, [ex.Message]);
        }

        var elapsed = clock.Elapsed;
        var errors = (await Schema.Value.ConfigureAwait(false)).Validate(fetched.Json.GetRawText()).Select(e => $"{e.Path}: {e.Kind}").ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidDescriptorException(uri, errors);
        }

        return new UtilityDescriptor(uri, fetched.Json, elapsed, fetched.Bytes);
    }

    private static async Task<JsonSchema> LoadSchemaAsync()
    {
        await using var stream = typeof(DescriptorClient).Assembly.GetManifestResourceStream("descriptor.schema.json")
            ?? throw new InvalidOperationException("descriptor.schema.json is not embedded");
        using var reader = new StreamReader(stream);
        return await JsonSchema.FromJsonAsync(await reader.ReadToEndAsync().ConfigureAwait(false)).ConfigureAwait(false);
    }
}
