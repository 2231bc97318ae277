using System.Text.Json;
using ComputeUtility.SpecSite.Api;
using ComputeUtility.SpecSite.Prose;
using ComputeUtility.SpecSite.Reports;

namespace ComputeUtility.SpecSite.Site;

/// <summary>Writes the whole site: prose, API reference, requirement index, checks, schemas, reports, front page.</summary>
internal sealed class SiteBuilder(string repoRoot, string output, string renderer, TextWriter log)
{
    /// <summary>A file in the output that says the folder is a spec site, so a rebuild may empty it.</summary>
    public const string Marker = ".spec-site";

    public void Build()
    {
        var spec = Path.Combine(repoRoot, "spec");
        if (!File.Exists(renderer))
        {
            throw new InvalidOperationException($"The OpenAPI renderer {renderer} is missing: run `npm ci` in tools/SpecSite (spec/site/build.sh does).");
        }

        var bundle = OpenApiBundle.Build(spec);
        if (bundle.Errors.Count > 0)
        {
            throw new InvalidOperationException("openapi.yaml cannot be bundled:\n  " + string.Join("\n  ", bundle.Errors));
        }

        PrepareOutput();
        var catalogue = SpecCatalogue.Load(repoRoot);
        var schemaFiles = Directory.GetFiles(Path.Combine(spec, "schemas"), "*.schema.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var reports = ImplementationReport.Find(repoRoot);
        var map = new SiteMap(schemaFiles, reports.Select(r => Path.GetFileName(r.Source)));

        var prose = WriteMarkdown("spec/compute-utility.md", SiteMap.Prose, map, catalogue);
        foreach (var (source, page) in SiteMap.Normative.Skip(1).Concat(SiteMap.Informative))
        {
            WriteMarkdown(source, page, map, catalogue);
        }

        foreach (var report in reports)
        {
            WriteMarkdown(report.Source, report.Page, map, catalogue);
        }

        Write(SiteMap.Requirements, RequirementIndexPage.Render(catalogue));
        Write(SiteMap.Checks, ChecksPage.Render(catalogue));
        Write(SiteMap.Api, ApiReferencePage.Render(bundle.Document));
        Write(SiteMap.Schemas, SchemaIndexPage.Render(Path.Combine(spec, "schemas")));
        var operations = new Conformance.Spec.OpenApiDocument(spec).Operations().Count();
        Write(SiteMap.Index, IndexPage.Render(prose.Title, catalogue, operations, schemaFiles.Count, reports));

        foreach (var file in schemaFiles)
        {
            Copy(Path.Combine(spec, "schemas", file), $"schemas/{file}");
        }

        Copy(Path.Combine(spec, "openapi.yaml"), "openapi.yaml");
        Write("openapi.json", bundle.Document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Write("assets/style.css", StyleSheet());
        Copy(renderer, ApiReferencePage.RendererFile);
        if (File.Exists(renderer + ".LICENSE.txt"))
        {
            Copy(renderer + ".LICENSE.txt", ApiReferencePage.RendererFile + ".LICENSE.txt");
        }

        log.WriteLine($"spec site: {catalogue.Requirements.Count} requirements, {catalogue.Checks.Count} checks, {operations} operations, " +
                      $"implementation reports: {reports.Count} → {output}");
    }

    private MarkdownPage WriteMarkdown(string source, string page, SiteMap map, SpecCatalogue catalogue)
    {
        var rendered = MarkdownPage.Render(repoRoot, source, page, map, catalogue);
        foreach (var link in rendered.Dropped)
        {
            log.WriteLine($"spec site: {source} links to {link}, which the site does not publish; the link text is kept");
        }

        Write(page, PageLayout.Render(page, rendered.Title, rendered.Html));
        return rendered;
    }

    private void PrepareOutput()
    {
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            if (!File.Exists(Path.Combine(output, Marker)))
            {
                throw new InvalidOperationException($"{output} is not empty and is not a spec site built before; name an empty or new folder.");
            }

            Directory.Delete(output, recursive: true);
        }

        Directory.CreateDirectory(output);
        Write(Marker, "Built by spec/site/build.sh; the next build empties this folder.\n");
    }

    private void Write(string path, string text)
    {
        var target = Path.Combine(output, path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, text);
    }

    private void Copy(string source, string path)
    {
        var target = Path.Combine(output, path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
    }

    private static string StyleSheet()
    {
        using var stream = typeof(SiteBuilder).Assembly.GetManifestResourceStream("assets/style.css")
            ?? throw new InvalidOperationException("The tool was built without its stylesheet.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
