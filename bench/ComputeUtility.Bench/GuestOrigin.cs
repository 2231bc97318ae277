using System.Security.Cryptography;

namespace ComputeUtility.Bench;

/// <summary>
/// A minimal app origin on a loopback port serving the bench's own guests (memfill, the runaways) and
/// their manifests; the servers it feeds are started with private package hosts allowed.
/// </summary>
internal sealed class GuestOrigin : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, (byte[] Body, string Type)> _files = [];
    private readonly Dictionary<string, string> _integrity = [];
    private readonly Task _serving;

    /// <summary>Serves memfill (a reactor) from <paramref name="wasmPath"/>.</summary>
    public GuestOrigin(string wasmPath)
        : this([("memfill", "reactor", File.ReadAllBytes(wasmPath))])
    {
    }

    /// <summary>Serves each guest at <c>/{name}/manifest.json</c> and <c>/{name}/{name}.wasm</c>.</summary>
    public GuestOrigin(IEnumerable<(string Name, string Kind, byte[] Wasm)> guests)
    {
        var port = LoopbackPort.Free();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        foreach (var (name, kind, wasm) in guests)
        {
            var fields = new Dictionary<string, object> { ["name"] = name, ["version"] = "1.0.0", ["kind"] = kind };
            if (kind == "reactor")
            {
                fields["abi"] = "cu1"; // a command has no cu1 ABI: WASI only
            }

            fields["module"] = new { url = name + ".wasm", integrity = Sri(wasm), size = wasm.Length };
            var manifest = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(fields);
            _files[$"/{name}/{name}.wasm"] = (wasm, "application/wasm");
            _files[$"/{name}/manifest.json"] = (manifest, "application/json");
            _integrity[name] = Sri(manifest);
        }

        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    public Uri ManifestUrl => ManifestUrlOf("memfill");

    public string ManifestIntegrity => IntegrityOf("memfill");

    public Uri ManifestUrlOf(string name) => new(BaseUri, name + "/manifest.json");

    public string IntegrityOf(string name) => _integrity[name];

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
