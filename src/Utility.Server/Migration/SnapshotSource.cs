using System.Text.RegularExpressions;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Migration;

/// <summary>
/// Pulls snapshot bytes for a restore: from this utility's own store when the URL names it, else
/// from the source utility with the snapshot token — the same address rules as package fetches,
/// no redirects, and a size cap while the bytes arrive.
/// </summary>
internal sealed partial class SnapshotSource(
    IHttpClientFactory clients,
    SnapshotStore store,
    OriginPolicy origins,
    IOptions<LimitsOptions> limits,
    TimeProvider time)
{
    public const string ClientName = "snapshots";

    /// <summary>One deadline over a whole pull, headers and body: HttpClient's own timeout ends when the headers arrive.</summary>
    public static readonly TimeSpan PullTimeout = TimeSpan.FromMinutes(2);

    public async Task<byte[]> FetchAsync(Uri url, string token, string selfAuthority, CancellationToken cancellationToken)
    {
        if (url.Scheme is not ("http" or "https"))
        {
            throw new ProblemException(ProblemTypes.OriginNotAllowed, $"Snapshot URLs must use http or https, not '{url.Scheme}'.");
        }

        if (OwnAuthority.Names(url, selfAuthority) && OwnPath().Match(url.AbsolutePath) is { Success: true } own)
        {
            var local = store.Find(own.Groups["worker"].Value, own.Groups["snapshot"].Value)
                ?? throw new ProblemException(ProblemTypes.PackageFetchFailed, "This utility holds no such snapshot.");
            return local.Token.Matches(token)
                ? local.Bytes
                : throw new ProblemException(ProblemTypes.PackageFetchFailed, "The snapshot token does not open that snapshot.");
        }

        origins.Check(url, requestOrigin: null, selfAuthority);
        var cap = limits.Value.MaxMemoryBytesPerWorker + (64L * 1024 * 1024);
        var client = clients.CreateClient(ClientName);
        using var deadline = new CancellationTokenSource(PullTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            // No Accept-Encoding: a pull between two utilities crosses a LAN, where gzip of dense memory costs more than it saves.
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new("Bearer", token);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            OriginFetch.EnsureSuccess(response, "The snapshot source answered");

            await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
            return await Http.CappedReader.ReadAsync(body, response.Content.Headers.ContentLength, cap, () => TooLarge(cap), linked.Token);
        }
        catch (Exception ex) when (OriginFetch.IsFetchFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw OriginFetch.Failed("The snapshot", url, ex);
        }
    }

    private static ProblemException TooLarge(long cap) =>
        new ProblemException(ProblemTypes.PackageTooLarge, $"The snapshot is larger than this utility accepts ({cap} bytes).").With("limit", cap);

    [GeneratedRegex("^/v1/workers/(?<worker>[^/]+)/snapshots/(?<snapshot>[^/]+)$")]
    private static partial Regex OwnPath();
}
