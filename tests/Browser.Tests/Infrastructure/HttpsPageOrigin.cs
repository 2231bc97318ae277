using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>
/// The same page, shim and packages as <see cref="PageOrigin"/>, served over https on a loopback port with a
/// certificate from a <see cref="TestCertificateAuthority"/>: a secure context, which a public page must be to ask
/// for the Local Network Access permission.
/// </summary>
public sealed class HttpsPageOrigin : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    private HttpsPageOrigin(WebApplication app, X509Certificate2 certificate, int port)
    {
        _app = app;
        _certificate = certificate;
        Port = port;
    }

    /// <summary>e.g. <c>https://127.0.0.1:40123</c> (no trailing slash).</summary>
    public string Origin => $"https://127.0.0.1:{Port}";

    public int Port { get; }

    /// <param name="certificate">With its private key; the origin owns it from now on (every handshake needs it).</param>
    public static async Task<HttpsPageOrigin> StartAsync(X509Certificate2 certificate)
    {
        var port = LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.Run(async context =>
        {
            var (status, type, body) = PageOrigin.Resolve(context.Request.Path.Value ?? "/");
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            await context.Response.Body.WriteAsync(body);
        });
        await app.StartAsync();
        return new HttpsPageOrigin(app, certificate, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }
}
