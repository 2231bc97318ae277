using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace ComputeUtility.Server.Tests.Spec;

/// <summary>The endpoints in code and the paths, methods and status codes of spec/openapi.yaml stay the same.</summary>
public sealed class OpenApiDriftTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    private static readonly OpenApiDocument Spec = new(Repo.Spec(""));

    [Fact]
    public void Every_operation_and_status_code_in_code_is_in_the_spec_and_back()
    {
        var inSpec = Spec.Operations()
            .Where(o => o.Method != "options")
            .SelectMany(o => o.Operation["responses"]!.AsObject()
                .Where(r => r.Key != "default")
                .Select(r => $"{o.Method.ToUpperInvariant()} {o.Path} {r.Key}"))
            .ToHashSet();

        var inCode = utility.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => IsApi(e.RoutePattern.RawText!))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.SelectMany(method =>
                e.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
                    .Select(p => $"{method} {Normalize(e.RoutePattern.RawText!)} {p.StatusCode}")))
            .ToHashSet();

        // An operation the code declares only as 501 is one the spec lets a utility leave out (a feature not offered yet).
        var notOffered = inCode.Where(c => c.EndsWith(" 501", StringComparison.Ordinal))
            .Select(c => c[..^4])
            .Where(op => inCode.Count(c => c.StartsWith(op + " ", StringComparison.Ordinal)) == 1)
            .ToHashSet();
        inSpec.RemoveWhere(s => notOffered.Contains(s[..s.LastIndexOf(' ')]) && !s.EndsWith(" 501", StringComparison.Ordinal));

        // The spec lets a utility answer 501 for a feature it does not offer; one that offers it never does.
        inSpec.RemoveWhere(s => s.EndsWith(" 501", StringComparison.Ordinal) && !inCode.Contains(s));

        var onlyInCode = string.Join(", ", inCode.Except(inSpec).Order());
        var onlyInSpec = string.Join(", ", inSpec.Except(inCode).Order());
        onlyInCode.Should().BeEmpty("every answer the code declares must be in openapi.yaml");
        onlyInSpec.Should().BeEmpty("every answer openapi.yaml lists must be declared by the code");
    }

    [Fact]
    public async Task Every_preflight_the_spec_lists_is_answered_with_204()
    {
        foreach (var (path, _, _) in Spec.Operations().Where(o => o.Method == "options"))
        {
            var request = new HttpRequestMessage(HttpMethod.Options, path.Replace("{id}", "w-any").Replace("{snapshotId}", "s-any"));
            request.Headers.Add("Origin", "https://page.example");
            request.Headers.Add("Access-Control-Request-Method", "POST");

            var response = await utility.Client.SendAsync(request);

            response.StatusCode.Should().Be(HttpStatusCode.NoContent, path);
        }
    }

    [Fact]
    public void The_spec_lists_exactly_the_problem_types_the_server_uses()
    {
        var inSpec = Spec.Root["x-problem-types"]!.AsArray()
            .Select(p => $"{p!["uri"]!.GetValue<string>()} {p["status"]!.GetValue<long>()}")
            .ToHashSet();
        var inCode = ProblemTypes.All.Select(p => $"{p.Uri} {p.Status}").ToHashSet();

        inCode.Should().BeEquivalentTo(inSpec);
    }

    private static bool IsApi(string pattern) =>
        pattern.StartsWith("/v1", StringComparison.Ordinal) || pattern.StartsWith("/.well-known", StringComparison.Ordinal)
        || pattern == "/healthz";

    private static string Normalize(string pattern) => pattern.TrimEnd('/');
}
