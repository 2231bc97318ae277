using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComputeUtility.Conformance.Origin;

/// <summary>
/// The app origin the suite hosts for the target to pull from: loopback and an ephemeral port by
/// default, or an address the user binds. It records what the target asked for, so checks can
/// tell whether a utility really pulled (or refused to pull) a package.
/// </summary>
internal sealed class SuiteOrigin : IAsyncDisposable
{
    /// <summary>The most an endless body sends before giving up (a utility should stop far earlier).</summary>
    public const long EndlessCap = 512L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, OriginResponse> _files = new();
    private readonly ConcurrentDictionary<string, int> _hits = new();
    private readonly ConcurrentDictionary<string, long> _sent = new();
    private readonly ConcurrentDictionary<string, string> _cookies = new();
    private readonly ConcurrentDictionary<string, Task> _holds = new();
    private readonly WebApplication _app;

    private SuiteOrigin(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public string Authority => BaseUri.GetLeftPart(UriPartial.Authority);

    public static async Task<SuiteOrigin> StartAsync(IPEndPoint? bind)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(bind ?? new IPEndPoint(IPAddress.Loopback, 0)));
        var app = builder.Build();
        var origin = new SuiteOrigin(app);
        app.Run(origin.ServeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        origin.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return origin;
    }

    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    public Uri Put(string path, OriginResponse response)
    {
        var key = "/" + path.TrimStart('/');
        _files[key] = response;
        _hits.TryRemove(key, out _);
        return Url(path);
    }

    /// <summary>Holds every answer for <paramref name="path"/> until <paramref name="until"/> completes (a fetch in flight on purpose).</summary>
    public void Hold(string path, Task until) => _holds["/" + path.TrimStart('/')] = until;

    public int Hits(string path) => _hits.GetValueOrDefault("/" + path.TrimStart('/'));

    /// <summary>Every request this origin received, whatever the path.</summary>
    public int AllHits => _hits.Values.Sum();

    public long BytesSent(string path) => _sent.GetValueOrDefault("/" + path.TrimStart('/'));

    /// <summary>The Cookie or Authorization header a request for this path carried, if any (credentials must not be sent).</summary>
    public string? CredentialsSeen(string path) => _cookies.GetValueOrDefault("/" + path.TrimStart('/'));

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var hit = _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (context.Request.Headers.Cookie.Count > 0 || context.Request.Headers.Authorization.Count > 0)
        {
            _cookies[path] = context.Request.Headers.Cookie + context.Request.Headers.Authorization;
        }

        if (_holds.TryGetValue(path, out var hold))
        {
            await hold.WaitAsync(context.RequestAborted);
        }

        if (!_files.TryGetValue(path, out var file))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (hit <= file.FailTimes)
        {
            context.Response.StatusCode = file.FailStatus;
            return;
        }

        if (file.RedirectTo is { } location)
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = location;
            return;
        }

        context.Response.ContentType = file.ContentType;
        if (file.Endless)
        {
            await StreamEndlessAsync(context, path, file.Body, file.HoldAfterBytes);
            return;
        }

        context.Response.ContentLength = file.Body.Length;
        await context.Response.Body.WriteAsync(file.Body, context.RequestAborted);
        _sent.AddOrUpdate(path, file.Body.Length, (_, n) => n + file.Body.Length);
    }

    private async Task StreamEndlessAsync(HttpContext context, string path, byte[] chunk, long? holdAfter)
    {
        long sent = 0;
        try
        {
            while (sent < EndlessCap && !context.RequestAborted.IsCancellationRequested)
            {
                if (holdAfter is { } hold && sent >= hold)
                {
                    await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
                    holdAfter = null;
                }

                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                sent += chunk.Length;
                _sent[path] = sent;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The utility closed the connection: what we managed to send is the measurement.
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
