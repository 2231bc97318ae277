using System.Diagnostics;
using System.Text.Json;
using ComputeUtility.Discovery.Browsing;
using NJsonSchema;

namespace ComputeUtility.Discovery.Descriptors;

/// <summary>Fetches a discovered utility's descriptor and validates it against the normative JSON Schema.</summary>
public sealed class DescriptorClient(HttpClient http)
{
    /// <summary>Bigger descriptors are refused: discovery must not let a stranger make the client read without bound.</summary>
    public const int MaxDescriptorBytes = 1024 * 1024;

    private static readonly Lazy<Task<JsonSchema>> Schema = new(LoadSchemaAsync);

    public Task<UtilityDescriptor> FetchAsync(DiscoveredUtility utility, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utility);
        return FetchAsync(utility.DescriptorUri, cancellationToken);
    }

    public async Task<UtilityDescriptor> FetchAsync(Uri uri, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidDescriptorException(uri, [$"HTTP {(int)response.StatusCode}"]);
        }

        if (response.Content.Headers.ContentLength > MaxDescriptorBytes)
        {
            throw new InvalidDescriptorException(uri, [$"larger than {MaxDescriptorBytes} bytes"]);
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        if (body.Length > MaxDescriptorBytes)
        {
            throw new InvalidDescriptorException(uri, [$"larger than {MaxDescriptorBytes} bytes"]);
        }

        var text = System.Text.Encoding.UTF8.GetString(body);
        var errors = (await Schema.Value.ConfigureAwait(false)).Validate(text).Select(e => $"{e.Path}: {e.Kind}").ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidDescriptorException(uri, errors);
        }

        using var document = JsonDocument.Parse(body);
        return new UtilityDescriptor(uri, document.RootElement.Clone(), elapsed, body.Length);
    }

    private static async Task<JsonSchema> LoadSchemaAsync()
    {
        await using var stream = typeof(DescriptorClient).Assembly.GetManifestResourceStream("descriptor.schema.json")
            ?? throw new InvalidOperationException("descriptor.schema.json is not embedded");
        using var reader = new StreamReader(stream);
        return await JsonSchema.FromJsonAsync(await reader.ReadToEndAsync().ConfigureAwait(false)).ConfigureAwait(false);
    }
}
