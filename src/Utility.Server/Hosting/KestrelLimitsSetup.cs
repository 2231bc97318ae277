using ComputeUtility.Server.Limits;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Hosting;

/// <summary>
/// Kestrel's connection limits from <see cref="LimitsOptions"/>, set explicitly so none is left to a
/// framework default: a client that trickles headers or body, sends oversized headers, keeps silent connections
/// or opens many of them cannot hold the server.
/// </summary>
internal sealed class KestrelLimitsSetup(IOptions<LimitsOptions> limits, ClientConnectionLimit perClient) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        var value = limits.Value;
        var kestrel = options.Limits;
        kestrel.RequestHeadersTimeout = TimeSpan.FromMilliseconds(value.RequestHeadersTimeoutMs);

        // The header timeout starts with a request's first byte; before it (and between requests) Kestrel waits
        // KeepAliveTimeout, 130 s by default, so a connection that never sends a byte would hold its slot that long.
        kestrel.KeepAliveTimeout = kestrel.RequestHeadersTimeout;
        kestrel.MaxRequestHeadersTotalSize = value.MaxRequestHeadersBytes;
        kestrel.MaxRequestHeaderCount = value.MaxRequestHeaders;
        kestrel.MaxRequestLineSize = Math.Min(8 * 1024, value.MaxRequestHeadersBytes);
        kestrel.MinRequestBodyDataRate = new MinDataRate(value.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5));
        kestrel.MaxConcurrentConnections = value.MaxConnections;
        kestrel.MaxConcurrentUpgradedConnections = value.MaxUpgradedConnections;
        options.ConfigureEndpointDefaults(listen => listen.Use(perClient.Wrap));
    }
}
