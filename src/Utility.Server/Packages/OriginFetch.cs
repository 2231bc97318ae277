using ComputeUtility.Server.Problems;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ComputeUtility.Server.Packages;

/// <summary>
/// The one policy for bytes the utility pulls from another origin, packages and snapshots alike: connections
/// only through <see cref="GuardedConnector"/> (the address rules, checked on the address actually dialled), no
/// redirects followed, and every answer but a 2xx, and every failure to connect or finish, as package-fetch-failed.
/// </summary>
internal static class OriginFetch
{
    /// <summary>The handler of every client that fetches from an origin.</summary>
    public static SocketsHttpHandler GuardedHandler(IServiceProvider services) => new()
    {
        ConnectCallback = services.GetRequiredService<GuardedConnector>().ConnectAsync,
        AllowAutoRedirect = false, // a redirect could lead anywhere the address rules did not see (CU-PKG-10, CU-SNAP-14)
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        UseProxy = false,
        UseCookies = false, // a fetch never carries credentials the utility was not given
    };

    /// <summary>Throws package-fetch-failed unless <paramref name="response"/> is a 2xx; <paramref name="answered"/> says who answered what.</summary>
    public static void EnsureSuccess(HttpResponseMessage response, string answered)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            throw new ProblemException(ProblemTypes.PackageFetchFailed,
                $"{answered} with a redirect ({status}); utilities do not follow redirects. Name the final URL.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ProblemException(ProblemTypes.PackageFetchFailed, $"{answered} with {status} {response.ReasonPhrase}.")
                .With("originStatus", status);
        }
    }

    /// <summary>True for the ways a fetch fails on the way (not the caller giving up): these answer package-fetch-failed.</summary>
    public static bool IsFetchFailure(Exception ex) =>
        ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or OperationCanceledException or IOException;

    /// <summary>The package-fetch-failed problem for a fetch of <paramref name="what"/> from <paramref name="url"/> that failed with <paramref name="ex"/>.</summary>
    public static ProblemException Failed(string what, Uri url, Exception ex) =>
        new(ProblemTypes.PackageFetchFailed, $"{what} could not be fetched from {url.GetLeftPart(UriPartial.Authority)}: {Describe(ex)}", ex);

    private static string Describe(Exception ex) => ex switch
    {
        BrokenCircuitException => "the origin failed repeatedly and is paused for a while (circuit open).",
        TimeoutRejectedException or OperationCanceledException => "the origin did not deliver it within the fetch timeout.",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } h => h.Message,
        _ => ex.Message,
    };
}
