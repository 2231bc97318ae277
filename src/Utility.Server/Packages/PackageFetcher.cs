using System.Net;
using System.Security.Cryptography;
using ComputeUtility.Server.Faults;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Logging;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Storage;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Packages;

/// <summary>
/// Fetches package files from their origin (or the demo origin, or the cache): streams with a
/// size cap, hashes while reading, and returns the bytes only when they match the SRI digest.
/// </summary>
internal sealed partial class PackageFetcher(
    IHttpClientFactory clients, BlobCache cache, DemoOrigin demo, FaultSwitch faults,
    IOptions<PackagesOptions> packages, TimeProvider time, Telemetry.UtilityMetrics telemetry, ILogger<PackageFetcher> logger)
{
    public const string ClientName = "origin";

    /// <summary>
    /// Returns the verified bytes of <paramref name="url"/>; <paramref name="what"/> names it in errors. The cache is read and
    /// written in the page origin's <paramref name="partition"/> only.
    /// </summary>
    public async Task<byte[]> FetchAsync(Uri url, IntegrityMetadata integrity, long maxBytes, string what,
        string selfAuthority, string partition, CancellationToken cancellationToken)
    {
        if (cache.TryRead(partition, integrity.Primary) is { } cached && cached.LongLength <= maxBytes)
        {
            telemetry.PackageCacheHit(what);
            return cached;
        }

        using var fetching = telemetry.PackageFetch(what, url);

        byte[] bytes;
        if (demo.Owns(url, selfAuthority))
        {
            await using var file = demo.Open(url)
                ?? throw new ProblemException(ProblemTypes.PackageFetchFailed, $"The demo origin has no {what} at {url.AbsolutePath}.");
            bytes = await ReadCappedAsync(file, file.Length, maxBytes, what, cancellationToken);
        }
        else
        {
            bytes = await FetchFromOriginAsync(url, maxBytes, what, cancellationToken);
        }

        using (var hash = IncrementalHash.CreateHash(integrity.Algorithm))
        {
            hash.AppendData(bytes);
            if (!integrity.Matches(hash.GetHashAndReset()) && !faults.Is(Fault.SkipIntegrity))
            {
                var actual = SriDigest.Compute(integrity.Algorithm, bytes);
                throw new ProblemException(ProblemTypes.IntegrityMismatch,
                        $"The {what} at {url} does not match its integrity digest; it was not used.")
                    .With("expected", integrity.Text)
                    .With("actual", actual.ToString());
            }
        }

        cache.Write(partition, integrity.Primary, bytes);
        fetching.Succeeded();
        return bytes;
    }

    private async Task<byte[]> FetchFromOriginAsync(Uri url, long maxBytes, string what, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);

        // The client's timeouts end when the headers arrive; this one deadline also bounds the body (CU-PKG-11).
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(packages.Value.FetchTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd(what == "module" ? "application/wasm" : "application/json"); // spec 6, Fetching
            request.Headers.UserAgent.Add(new("compute-utility", typeof(PackageFetcher).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            OriginFetch.EnsureSuccess(response, $"The origin answered the {what} request");

            var declared = response.Content.Headers.ContentLength;
            await using var body = await response.Content.ReadAsStreamAsync(token);
            return await ReadCappedAsync(body, declared, maxBytes, what, token);
        }
        catch (ProblemException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (OriginFetch.IsFetchFailure(ex))
        {
            LogFetchFailed(logger, ex, what, url);
            throw OriginFetch.Failed($"The {what}", url, ex);
        }
    }

    private static Task<byte[]> ReadCappedAsync(Stream body, long? declared, long maxBytes, string what,
        CancellationToken cancellationToken) =>
        Http.CappedReader.ReadAsync(body, declared, maxBytes, () => TooLarge(what, maxBytes), cancellationToken);

    private static ProblemException TooLarge(string what, long maxBytes) =>
        new ProblemException(ProblemTypes.PackageTooLarge, $"The {what} is larger than this utility accepts ({maxBytes} bytes).")
            .With("limit", maxBytes);

    [LoggerMessage(EventId = LogEvents.FetchFailed, Level = LogLevel.Warning, Message = "Fetching the {What} from {Url} failed")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception, string what, Uri url);
}
