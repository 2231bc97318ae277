using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Storage;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace ComputeUtility.Server.Demo;

/// <summary>The human side: a home page, the demo origin's files, the browser shim, the spec and its Swagger UI / ReDoc renderings.</summary>
internal static class UtilityPages
{
    public static WebApplication UseUtilityPages(this WebApplication app)
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".wasm"] = "application/wasm";
        types.Mappings[".yaml"] = "application/yaml";
        types.Mappings[".md"] = "text/markdown; charset=utf-8";

        var spec = app.Services.GetRequiredService<SpecFiles>();
        if (Directory.Exists(spec.Root))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = "/spec",
                FileProvider = new PhysicalFileProvider(spec.Root),
                ContentTypeProvider = types,
            });
        }

        var shim = Path.Combine(AppContext.BaseDirectory, "shim");
        if (Directory.Exists(shim))
        {
            var shimTypes = new FileExtensionContentTypeProvider();
            shimTypes.Mappings[".ts"] = "text/plain; charset=utf-8"; // distributed-worker.d.ts, not an MPEG stream
            app.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = "/shim",
                FileProvider = new PhysicalFileProvider(shim),
                ContentTypeProvider = shimTypes,
            });
        }

        var demo = app.Services.GetRequiredService<DemoOrigin>();
        if (demo.Enabled)
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = "/demo",
                FileProvider = new PhysicalFileProvider(demo.Root),
                ContentTypeProvider = types,
            });
        }

        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.DocumentTitle = "Compute Utility API";
            options.SwaggerEndpoint("/spec/openapi.yaml", "Compute Utility v1");
        });
        app.UseReDoc(options =>
        {
            options.RoutePrefix = "redoc";
            options.DocumentTitle = "Compute Utility API";
            options.SpecUrl = "/spec/openapi.yaml";
        });
        return app;
    }
}
