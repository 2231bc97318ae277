using System.Net;
using System.Security.Cryptography;

namespace ComputeUtility.Bench;

/// <summary>
/// A minimal app origin on a loopback port serving the bench's own guest (memfill) and its
/// manifest; the servers it feeds are started with private package hosts allowed.
/// </summary>
internal sealed class GuestOrigin : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, (byte[] Body, string Type)> _files = [];
    private readonly Task _serving;

    public GuestOrigin(string wasmPath)
    {
        var port = LoopbackPort.Free();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        var wasm = File.ReadAllBytes(wasmPath);
        var manifest = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
        {
            name = "memfill",
            version = "1.0.0",
            kind = "reactor",
            abi = "cu1",
            module = new { url = "memfill.wasm", integrity = Sri(wasm), size = wasm.Length },
        });
        _files["/memfill/memfill.wasm"] = (wasm, "application/wasm");
        _files["/memfill/manifest.json"] = (manifest, "application/json");
        ManifestIntegrity = Sri(manifest);
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    public Uri ManifestUrl => new(BaseUri, "memfill/manifest.json");

    public string ManifestIntegrity { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var response = context.Response;
            if (_files.TryGetValue(context.Request.Url!.AbsolutePath, out var file))
            {
                response.ContentType = file.Type;
                response.ContentLength64 = file.Body.Length;
                await response.OutputStream.WriteAsync(file.Body);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }

    private static string Sri(byte[] content) => "sha256-" + Convert.ToBase64String(SHA256.HashData(content));

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(2));
    }
}
