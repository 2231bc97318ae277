using System.Net.Http.Json;
using System.Text.Json;
using ComputeUtility.Discovery.Browsing;
using ComputeUtility.Discovery.Descriptors;

namespace ComputeUtility.Discovery.Selection;

/// <summary>
/// Ranks the places a job could run by expected total latency: measured round trip + transfer + compute,
/// with "run locally" always among them (DESIGN.md, step 3). Utilities whose descriptor cannot be read or
/// is invalid are left out.
/// </summary>
public sealed class UtilitySelector(HttpClient http, SelectionOptions? options = null)
{
    private readonly SelectionOptions _options = Validated(options ?? new SelectionOptions());
    private readonly DescriptorClient _descriptors = new(http);

    public async Task<IReadOnlyList<RankedCandidate>> RankAsync(IEnumerable<DiscoveredUtility> utilities, JobProfile job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var candidates = new List<RankedCandidate> { new("local", null, null, TimeSpan.Zero, TimeSpan.Zero, job.LocalCompute, "local") };
        var measured = await Task.WhenAll(utilities.Select(u => MeasureAsync(u, job, cancellationToken))).ConfigureAwait(false);
        candidates.AddRange(measured.OfType<RankedCandidate>());
        return candidates.OrderBy(c => c.Total).ThenBy(c => c.IsLocal ? 0 : 1).ToArray();
    }

    private async Task<RankedCandidate?> MeasureAsync(DiscoveredUtility utility, JobProfile job, CancellationToken cancellationToken)
    {
        UtilityDescriptor? quickest = null;
        try
        {
            for (var i = 0; i < _options.RoundTripSamples; i++)
            {
                var descriptor = await _descriptors.FetchAsync(utility, cancellationToken).ConfigureAwait(false);
                quickest = quickest is null || descriptor.RoundTrip < quickest.RoundTrip ? descriptor : quickest;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidDescriptorException or TaskCanceledException or JsonException)
        {
            return null;
        }

        var transfer = TimeSpan.FromSeconds((job.InputBytes + job.OutputBytes) * 8 / _options.BandwidthBitsPerSecond);
        var advertised = await AdvertisedAsync(utility, quickest!, job, cancellationToken).ConfigureAwait(false);
        var compute = advertised ?? job.LocalCompute / _options.AssumedSpeedup * (1 + quickest!.CpuUtilization);
        return new RankedCandidate(utility.InstanceName, utility, quickest, quickest!.RoundTrip, transfer, compute,
            advertised is null ? "estimated" : "advertised");
    }

    /// <summary>The utility's own figure from <c>POST /v1/estimates</c>, when it offers estimates and the job names its package.</summary>
    private async Task<TimeSpan?> AdvertisedAsync(DiscoveredUtility utility, UtilityDescriptor descriptor, JobProfile job, CancellationToken cancellationToken)
    {
        if (job.Package is null || job.Integrity is null || !descriptor.Features.Contains("estimates"))
        {
            return null;
        }

        try
        {
            var uri = new Uri(utility.DescriptorUri, "/v1/estimates");
            using var response = await http.PostAsJsonAsync(uri, new { package = job.Package, integrity = job.Integrity, inputBytes = job.InputBytes }, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return body.RootElement.TryGetProperty("totalMs", out var total) && total.ValueKind == JsonValueKind.Number
                ? TimeSpan.FromMilliseconds(total.GetDouble())
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    private static SelectionOptions Validated(SelectionOptions options)
    {
        options.Validate();
        return options;
    }
}
