using System.Globalization;
using System.Text.Json;
using ComputeUtility.Discovery.Browsing;
using ComputeUtility.Discovery.Descriptors;
using ComputeUtility.Discovery.Unicast;

namespace ComputeUtility.Discovery.Cli.Discover;

/// <summary>Lists the utilities found over mDNS (or in a unicast DNS-SD domain), as a table or as JSON.</summary>
internal sealed class DiscoverCommand(TextWriter output, HttpClient http)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public async Task<int> RunAsync(DiscoverArguments arguments, CancellationToken cancellationToken)
    {
        IReadOnlyList<DiscoveredUtility> found;
        if (arguments.Domain is { } domain)
        {
            using var unicast = new UnicastBrowser(arguments.Dns!);
            found = await unicast.BrowseAsync(domain, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var options = new BrowserOptions { Interfaces = arguments.Interfaces.Count > 0 ? arguments.Interfaces : ["loopback"], IPv6 = arguments.IPv6 };
            await using var browser = UtilityBrowser.Start(options);
            if (browser.Sockets.Count == 0)
            {
                await Console.Error.WriteLineAsync("discover: no multicast-capable interface to browse on (loopback usually is not; try --interface NAME or --interface all)").ConfigureAwait(false);
                return 1;
            }

            await Task.Delay(arguments.Listen, cancellationToken).ConfigureAwait(false);
            found = browser.Current;
        }

        var rows = new List<Row>();
        foreach (var utility in found.OrderBy(u => u.InstanceName, StringComparer.Ordinal))
        {
            rows.Add(await DescribeAsync(utility, arguments.FetchDescriptors, cancellationToken).ConfigureAwait(false));
        }

        if (arguments.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(rows, JsonOptions)).ConfigureAwait(false);
        }
        else
        {
            await WriteTableAsync(rows).ConfigureAwait(false);
        }

        return 0;
    }

    private async Task<Row> DescribeAsync(DiscoveredUtility utility, bool fetch, CancellationToken cancellationToken)
    {
        var row = new Row(utility.InstanceName, utility.HostName, utility.Port, utility.Addresses.Select(a => a.ToString()).ToArray(),
            utility.ApiVersion, utility.DescriptorVersion, utility.Source, utility.DescriptorUri.ToString(), fetch ? "unchecked" : "not fetched", null);
        if (!fetch)
        {
            return row;
        }

        try
        {
            var descriptor = await new DescriptorClient(http).FetchAsync(utility, cancellationToken).ConfigureAwait(false);
            return row with { Descriptor = "valid", RoundTripMs = Math.Round(descriptor.RoundTrip.TotalMilliseconds, 2) };
        }
        catch (InvalidDescriptorException ex)
        {
            return row with { Descriptor = "invalid: " + string.Join("; ", ex.Errors) };
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return row with { Descriptor = "unreachable" };
        }
    }

    private async Task WriteTableAsync(List<Row> rows)
    {
        if (rows.Count == 0)
        {
            await output.WriteLineAsync("no utilities found").ConfigureAwait(false);
            return;
        }

        string[] header = ["NAME", "ADDRESS", "PORT", "API", "DV", "SOURCE", "DESCRIPTOR", "RTT ms"];
        var cells = rows.Select(r => new[]
        {
            r.Name, r.Addresses.FirstOrDefault() ?? r.Host, r.Port.ToString(CultureInfo.InvariantCulture), r.Api ?? "-",
            r.Dv?.ToString(CultureInfo.InvariantCulture) ?? "-", r.Source, r.Descriptor, r.RoundTripMs?.ToString(CultureInfo.InvariantCulture) ?? "-",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Max(c => c[i].Length))).ToArray();
        foreach (var line in cells.Prepend(header))
        {
            await output.WriteLineAsync(string.Join("  ", line.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).ConfigureAwait(false);
        }
    }

    /// <summary>One utility as listed: the <c>--json</c> shape too.</summary>
    internal sealed record Row(string Name, string Host, int Port, string[] Addresses, string? Api, long? Dv, string Source, string DescriptorUrl, string Descriptor, double? RoundTripMs);
}
