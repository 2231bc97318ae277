using System.Net;
using ComputeUtility.Server.Descriptor;
using ComputeUtility.Server.Http;

namespace ComputeUtility.Server.Demo;

/// <summary>A plain home page: what this is and where to go next.</summary>
internal static class HomePage
{
    public static IResult Render(HttpRequest request, DescriptorBuilder descriptor)
    {
        var self = request.SelfAuthority();
        var d = descriptor.Build(self);
        var name = WebUtility.HtmlEncode(d.Name);
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Compute Utility — {{name}}</title>
            <link rel="icon" href="data:,"><meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}</style>
            </head><body>
            <h1>Compute Utility <small>on {{name}}</small></h1>
            <p>This machine runs WebAssembly workers for web pages and programs nearby. API {{d.ApiVersion}}, Wasmtime {{d.Runtimes[0].Version}},
            {{d.Hardware.Cores}} cores, {{d.Load.Workers}} of {{d.Limits.MaxWorkers}} workers running.</p>
            <ul>
            <li><a href="{{DescriptorBuilder.WellKnownPath}}">Descriptor</a> — what this utility offers, its limits and load</li>
            <li><a href="/docs">API (Swagger UI)</a> · <a href="/redoc">API (ReDoc)</a> · <a href="/spec/openapi.yaml">openapi.yaml</a></li>
            <li><a href="/demo/">Demo origin</a> — the example packages, e.g. <code>{{self}}/demo/echo/manifest.json</code></li>
            <li>Browser demos: <a href="/demo/cubes/index.html">cubes</a> — rigid-sphere physics, steps/s here and in your browser side by side;
            <a href="/demo/blur/index.html">blur</a> — an image filter, timed both ways</li>
            <li><a href="/shim/distributed-worker.js">distributed-worker.js</a> (<a href="/shim/distributed-worker.d.ts">.d.ts</a>) — the browser shim:
            <code>new DistributedWorker(manifestUrl, { integrity, utility: '{{self}}' })</code></li>
            </ul>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
