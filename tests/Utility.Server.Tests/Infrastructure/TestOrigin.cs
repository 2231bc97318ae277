using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>
/// An app origin on a loopback port that serves package files from memory and can misbehave on
/// purpose: fail a number of times, answer slowly, or go away.
/// </summary>
internal sealed class TestOrigin : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private readonly ConcurrentDictionary<string, int> _hits = new();
    private readonly ConcurrentDictionary<string, RequestDelegate> _answers = new();
    private readonly WebApplication _app;

    private TestOrigin(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<TestOrigin> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var origin = new TestOrigin(app);
        app.Run(origin.ServeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        origin.BaseUri = new Uri(address + "/");
        return origin;
    }

    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    public Uri Put(string path, byte[] content)
    {
        _files["/" + path.TrimStart('/')] = content;
        return Url(path);
    }

    /// <summary>The next <paramref name="times"/> requests for <paramref name="path"/> get <c>500</c>.</summary>
    public void FailNext(string path, int times) => _failures["/" + path.TrimStart('/')] = times;

    /// <summary>Requests for <paramref name="path"/> are answered by <paramref name="answer"/> (a redirect, a lie, …).</summary>
    public Uri Answer(string path, RequestDelegate answer)
    {
        _answers["/" + path.TrimStart('/')] = answer;
        return Url(path);
    }

    public int Hits(string path) => _hits.GetValueOrDefault("/" + path.TrimStart('/'));

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (_failures.TryGetValue(path, out var left) && left > 0)
        {
            _failures[path] = left - 1;
            context.Response.StatusCode = 500;
            return;
        }

        if (_answers.TryGetValue(path, out var answer))
        {
            await answer(context);
            return;
        }

        if (!_files.TryGetValue(path, out var content))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = path.EndsWith(".wasm", StringComparison.Ordinal) ? "application/wasm" : "application/json";
        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
