using System.Text.Json;
using ComputeUtility.Server.Access;
using ComputeUtility.Server.Demo;
using ComputeUtility.Server.Descriptor;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Workers;

namespace ComputeUtility.Server.Dashboard;

/// <summary>
/// The owner's dashboard at <c>/</c> (others get the plain home page), its live state as JSON and as a
/// server-sent event stream, access tokens (new, revoke, QR code), page origins (allow, deny, revoke), ending a worker;
/// and the public <c>/pair</c> page.
/// </summary>
internal static class DashboardEndpoints
{
    public const string Prefix = "/dashboard";

    public static void MapDashboard(this WebApplication app)
    {
        var assets = Path.Combine(AppContext.BaseDirectory, "dashboard");
        app.MapGet("/", (HttpContext context, Descriptor.DescriptorBuilder descriptors) => OwnerRequest.MaySee(context)
            ? Results.File(Path.Combine(assets, "index.html"), "text/html; charset=utf-8")
            : HomePage.Render(context.Request, descriptors)).ExcludeFromDescription();
        app.MapGet(PairingLink.Path, () => Results.File(Path.Combine(assets, "pair.html"), "text/html; charset=utf-8")).ExcludeFromDescription();

        var group = app.MapGroup(Prefix).ExcludeFromDescription().AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var allowed = HttpMethods.IsGet(context.Request.Method) ? OwnerRequest.MaySee(context) : OwnerRequest.MayChange(context);
            if (!allowed)
            {
                // Not even its existence is told to anyone but the owner.
                throw new ProblemException(ProblemTypes.NotFound, "No such resource.");
            }

            return await next(invocation);
        });
        group.MapGet("/state", (DashboardViewBuilder view) => Results.Json(view.Build(), JsonDefaults.Options));
        group.MapGet("/events", StreamAsync);
        group.MapGet("/assets/{file}", (string file) => Asset(assets, file));
        group.MapPost("/tokens", CreateTokenAsync);
        group.MapPost("/tokens/{id}/revoke", (string id, AccessTokenStore tokens) => tokens.Revoke(id)
            ? Results.NoContent()
            : throw new ProblemException(ProblemTypes.NotFound, $"There is no access token '{id}'."));
        group.MapGet("/tokens/{id}/qr.svg", (string id, DashboardViewBuilder view) =>
        {
            var link = view.Build().Tokens.FirstOrDefault(t => t.Id == id)?.PairingUrl
                ?? throw new ProblemException(ProblemTypes.NotFound, $"Access token '{id}' has no pairing link (revoked, or the LAN is not served).");
            return Results.Text(PairingCode.Svg(link), "image/svg+xml");
        });
        group.MapOriginDecisions();
        group.MapPost("/workers/{id}/end", async (string id, WorkerRegistry workers) =>
        {
            var worker = workers.Find(id) ?? throw new ProblemException(ProblemTypes.NotFound, $"There is no worker '{id}'.");
            await worker.TerminateAsync(ExitReasons.Terminated);
            return Results.NoContent();
        });
    }

    private static async Task<IResult> CreateTokenAsync(HttpRequest request, AccessTokenStore tokens, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<TokenRequest>(request, 4096, cancellationToken);
        var label = string.IsNullOrWhiteSpace(body.Label) ? "device" : body.Label.Trim();
        if (label.Length > 80)
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, "'label' is at most 80 characters.");
        }

        var token = tokens.Create(label);
        return Results.Json(new { token.Id, token.Label, token.Secret, token.CreatedAt }, JsonDefaults.Options, statusCode: 201);
    }

    private static async Task StreamAsync(HttpContext context, DashboardViewBuilder view, TimeProvider time)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            do
            {
                var json = JsonSerializer.Serialize(view.Build(), JsonDefaults.Options);
                await response.WriteAsync($"event: state\ndata: {json}\n\n", context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
            }
            while (await timer.WaitForNextTickAsync(context.RequestAborted));
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
    }

    private static IResult Asset(string root, string file)
    {
        var type = Path.GetExtension(file) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => null,
        };
        var path = Path.Combine(root, file);
        return type is not null && file.IndexOfAny(['/', '\\']) < 0 && !file.StartsWith('.') && File.Exists(path)
            ? Results.File(path, type)
            : throw new ProblemException(ProblemTypes.NotFound, $"No dashboard asset '{file}'.");
    }
}
