using System.Security.Cryptography;
using System.Text.Json;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Hosting;
using ComputeUtility.Server.Problems;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Descriptor;

/// <summary><c>GET|HEAD /.well-known/compute-utility</c> with an ETag, and <c>/healthz</c>.</summary>
internal static class DescriptorEndpoints
{
    public static void MapDescriptor(this IEndpointRouteBuilder app)
    {
        app.MapMethods(DescriptorBuilder.WellKnownPath, ["GET", "HEAD"], Describe)
            .Produces<DescriptorDocument>().Produces(304).ProducesProblem(429);
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" })).Produces(200);
    }

    private static IResult Describe(HttpContext context, DescriptorBuilder builder, Access.AccessPolicy access,
        IOptions<UtilityOptions> options)
    {
        var document = builder.Build(context.Request.SelfAuthority(), access.AuthenticationFor(context));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, JsonDefaults.Options);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"";
        var response = context.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = $"max-age={options.Value.DescriptorMaxAgeSeconds}";
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && (v == "*" || v.Split(',').Any(t => t.Trim().TrimStart('W', '/') == etag))))
        {
            return Results.StatusCode(304);
        }

        return Results.Bytes(bytes, "application/json");
    }
}
