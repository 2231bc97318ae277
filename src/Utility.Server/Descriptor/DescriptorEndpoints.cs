using System.Security.Cryptography;
using System.Text.Json;
using ComputeUtility.Server.Access;
using ComputeUtility.Server.Faults;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Problems;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Descriptor;

/// <summary>
/// <c>GET|HEAD /.well-known/compute-utility</c> with an ETag, and <c>/healthz</c>. A page on another origin gets the
/// minimised descriptor (<see cref="DescriptorMinimiser"/>), whose ETag is computed from what it sees.
/// </summary>
internal static class DescriptorEndpoints
{
    public static void MapDescriptor(this IEndpointRouteBuilder app)
    {
        app.MapMethods(DescriptorBuilder.WellKnownPath, ["GET", "HEAD"], Describe)
            .Produces<DescriptorDocument>().Produces(304).ProducesProblem(429);
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" })).Produces(200);
    }

    private static IResult Describe(HttpContext context, DescriptorBuilder builder, DescriptorMinimiser minimiser, Access.AccessPolicy access,
        FaultSwitch faults, IOptions<UtilityOptions> options)
    {
        var request = context.Request;
        var document = builder.Build(request.SelfAuthority(), access.AuthenticationFor(context));
        var bytes = DescriptorAudience.SeesEverything(request) || faults.Is(Fault.FullDescriptorForEveryone)
            ? JsonSerializer.SerializeToUtf8Bytes(document, JsonDefaults.Options)
            : JsonSerializer.SerializeToUtf8Bytes(
                minimiser.Minimise(JsonSerializer.SerializeToNode(document, JsonDefaults.Options)!.AsObject(), request.PagePartitionOf()),
                JsonDefaults.Options);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"";
        var response = context.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = $"max-age={options.Value.DescriptorMaxAgeSeconds}";
        response.Headers.Vary = "Origin"; // the answer depends on who asks (CU-DESC-13), 304s and HEAD included
        if (request.Headers.IfNoneMatch.Any(v => v is not null && (v == "*" || v.Split(',').Any(t => t.Trim().TrimStart('W', '/') == etag))))
        {
            return Results.StatusCode(304);
        }

        return Results.Bytes(bytes, "application/json");
    }
}
