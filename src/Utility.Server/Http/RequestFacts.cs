namespace ComputeUtility.Server.Http;

/// <summary>Small facts about a request that several endpoints need.</summary>
internal static class RequestFacts
{
    /// <summary>scheme://host[:port] the client used to reach this utility.</summary>
    public static string SelfAuthority(this HttpRequest request) => $"{request.Scheme}://{request.Host.Value}";

    /// <summary>
    /// The bearer token from the Authorization header; with <paramref name="queryAllowed"/> (the channel and the event stream only,
    /// CU-WRK-18: browsers cannot set headers on WebSocket or EventSource) also the <c>access_token</c> query parameter.
    /// </summary>
    public static string? BearerToken(this HttpRequest request, bool queryAllowed = false)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return queryAllowed && request.Query.TryGetValue("access_token", out var token) ? token.ToString() : null;
    }

    public static string? Origin(this HttpRequest request) =>
        request.Headers.Origin is { Count: > 0 } origin ? origin.ToString() : null;
}
