namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// A second loopback origin, as an app's own server would be: a blank page, a copy of the shim at
/// <c>/shim/</c> and the example packages at <c>/packages/</c>. Everything is read from the repository,
/// the shim from <c>src/Browser.Shim</c> or from the folder given (an unpacked <c>npm pack</c>).
/// </summary>
public sealed class PageOrigin : IAsyncDisposable
{
    private const string Page = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title>
        <link rel="icon" href="data:,"></head><body><h1>An app on another origin</h1></body></html>
        """;

    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly string _shimRoot;

    /// <param name="shimRoot">The folder served at <c>/shim/</c>; the repository's <c>src/Browser.Shim</c> when null.</param>
    public PageOrigin(string? shimRoot = null)
    {
        _shimRoot = shimRoot ?? RepoShim;
        var port = LoopbackPort.Free();
        Origin = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Origin + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Origin { get; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                var (status, type, body) = Resolve(context.Request.Url!.AbsolutePath, _shimRoot);
                context.Response.StatusCode = status;
                context.Response.ContentType = type;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // the browser went away mid-answer
            }
        }
    }

    private static string RepoShim => Repo.File("src", "Browser.Shim");

    /// <summary>What the page origin answers for <paramref name="path"/>; the https origin serves the same.</summary>
    internal static (int Status, string Type, byte[] Body) Resolve(string path) => Resolve(path, RepoShim);

    private static (int Status, string Type, byte[] Body) Resolve(string path, string shimRoot)
    {
        if (path is "/" or "/index.html")
        {
            return (200, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(Page));
        }

        string? file = null;
        if (path.StartsWith("/shim/", StringComparison.Ordinal) && !path.Contains("..", StringComparison.Ordinal))
        {
            file = Path.Combine(shimRoot, path["/shim/".Length..]);
        }
        else if (path.StartsWith("/packages/", StringComparison.Ordinal) && !path.Contains("..", StringComparison.Ordinal))
        {
            file = Repo.File("examples", path["/packages/".Length..]);
        }

        if (file is null || !File.Exists(file))
        {
            return (404, "text/plain", Encoding.UTF8.GetBytes("not found"));
        }

        var type = Path.GetExtension(file) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".json" => "application/json",
            ".wasm" => "application/wasm",
            _ => "application/octet-stream",
        };
        return (200, type, File.ReadAllBytes(file));
    }
}
