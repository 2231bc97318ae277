using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Running;
using ComputeUtility.Conformance.Spec;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComputeUtility.Conformance.Tests.Fakes;

/// <summary>
/// A small utility on 127.0.0.1 that answers in a spec-valid way only what a test sets up (a descriptor, a few routes),
/// so a test can show what the suite says of one behaviour. Everything else gets 404 not-found.
/// </summary>
internal sealed class FakeTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeTarget(WebApplication app, int originPort)
    {
        _app = app;
        OriginPort = originPort;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The port the suite's origin is bound to, so the descriptor can allow-list it.</summary>
    public int OriginPort { get; }

    public string OriginAuthority => $"http://127.0.0.1:{OriginPort}";

    /// <param name="descriptor">Changes to the spec's example descriptor (its limits, features, policies).</param>
    /// <param name="routes">The routes under test.</param>
    public static async Task<FakeTarget> StartAsync(Action<JsonObject>? descriptor = null, Action<WebApplication>? routes = null)
    {
        var originPort = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var target = new FakeTarget(app, originPort);
        var body = Descriptor(target.OriginAuthority);
        descriptor?.Invoke(body);
        var json = body.ToJsonString();
        app.MapGet("/.well-known/compute-utility", (HttpContext context) =>
        {
            context.Response.Headers.ETag = "\"1\"";
            context.Response.Headers.CacheControl = "max-age=5";
            context.Response.Headers.Vary = "Origin";
            return Results.Text(json, "application/json");
        });
        routes?.Invoke(app);
        app.MapFallback((HttpContext context) => Problem(context, "not-found", 404, "Nothing here."));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        target.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return target;
    }

    /// <summary>Runs the suite's checks whose ids start with <paramref name="only"/> against this target.</summary>
    public Task<SuiteReport> RunAsync(string profile, string only, Func<SuiteSettings, SuiteSettings>? configure = null)
    {
        var settings = new SuiteSettings
        {
            Target = BaseUri,
            Profiles = [profile],
            Only = [only],
            OriginBind = new IPEndPoint(IPAddress.Loopback, OriginPort),
        };
        return new SuiteRunner(TextWriter.Null).RunAsync(configure?.Invoke(settings) ?? settings);
    }

    public static IResult Problem(HttpContext context, string type, int status, string detail, int? retryAfter = null)
    {
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (status == 401)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        var body = JsonSerializer.Serialize(new { type = "urn:compute-utility:problem:" + type, title = type, status, detail, instance = context.Request.Path.Value });
        return Results.Text(body, "application/problem+json", statusCode: status);
    }

    /// <summary>A Worker resource valid against worker.schema.json, with its token when <paramref name="token"/> is given.</summary>
    public static string Worker(HttpContext context, string id, string state, string? token)
    {
        var worker = JsonNode.Parse(EmbeddedFiles.Text("spec/schemas/worker.schema.json"))!["examples"]![0]!.DeepClone().AsObject();
        worker["id"] = id;
        worker["state"] = state;
        var self = "/v1/workers/" + id;
        worker["links"] = new JsonObject
        {
            ["self"] = self, ["channel"] = $"ws://{context.Request.Host}{self}/channel", ["messages"] = self + "/messages", ["events"] = self + "/events",
        };
        if (token is null)
        {
            worker.Remove("token");
        }
        else
        {
            worker["token"] = token;
        }

        return worker.ToJsonString();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static JsonObject Descriptor(string origin)
    {
        var descriptor = JsonNode.Parse(EmbeddedFiles.Text("spec/schemas/descriptor.schema.json"))!["examples"]![0]!.DeepClone().AsObject();
        descriptor["policies"]!["allowedOrigins"] = new JsonArray(origin);
        descriptor["features"] = new JsonArray("workers", "channel.websocket", "channel.http");
        return descriptor;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
