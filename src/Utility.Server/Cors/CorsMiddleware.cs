using ComputeUtility.Server.Origins;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Cors;

/// <summary>
/// CORS for pages on other origins, with Private Network Access: a public page asking to reach
/// this utility on a private address gets <c>Access-Control-Allow-Private-Network: true</c>.
/// Written here because ASP.NET Core's CORS middleware does not answer PNA preflights.
/// Every origin the owner has not denied gets CORS answers, so a page not permitted yet can read its
/// <c>origin-not-permitted</c> refusal (section 15.1); the origin is always reflected, never <c>*</c>.
/// </summary>
internal sealed class CorsMiddleware(RequestDelegate next, IOptions<CorsOptions> options, PagePermissions permissions)
{
    private const string AllowedHeaders = "Authorization, Content-Type, Last-Event-ID";
    private const string ExposedHeaders = "Location, ETag, Retry-After, WWW-Authenticate";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin) || !IsApiPath(request.Path))
        {
            return next(context);
        }

        var allowed = !permissions.IsDenied(origin);
        var headers = context.Response.Headers;
        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            if (!allowed)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Problems.ProblemWriter.WriteAsync(context, Problems.ProblemTypes.OriginNotPermitted,
                    "The owner of this utility has denied pages from this origin.");
            }

            headers.AccessControlAllowOrigin = origin;
            headers.Vary = "Origin";
            headers.AccessControlAllowMethods = "GET, HEAD, POST, DELETE, OPTIONS";
            headers.AccessControlAllowHeaders = AllowedHeaders;
            headers.AccessControlMaxAge = options.Value.MaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (options.Value.AllowPrivateNetwork
                && string.Equals(request.Headers["Access-Control-Request-Private-Network"], "true", StringComparison.OrdinalIgnoreCase))
            {
                headers["Access-Control-Allow-Private-Network"] = "true";
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        if (allowed)
        {
            // Set when the response starts, so an error answer written later (which clears headers) carries them too.
            context.Response.OnStarting(() =>
            {
                headers.AccessControlAllowOrigin = origin;
                headers.Vary = "Origin";
                headers.AccessControlExposeHeaders = ExposedHeaders;
                return Task.CompletedTask;
            });
        }

        return next(context);
    }

    // The shim and the demo packages too: a page elsewhere imports the module and, running locally, fetches the package.
    private static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/v1") || path.StartsWithSegments("/.well-known/compute-utility") || path.StartsWithSegments("/healthz")
        || path.StartsWithSegments("/shim") || path.StartsWithSegments(DemoOrigin.PathPrefix.TrimEnd('/'));
}
