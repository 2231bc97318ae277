namespace ComputeUtility.Server.Http;

/// <summary>A result with a <c>Location</c> header, for 201 answers.</summary>
internal sealed class LocatedResult(string location, IResult inner) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.Location = location;
        return inner.ExecuteAsync(httpContext);
    }
}
