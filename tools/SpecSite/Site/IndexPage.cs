using ComputeUtility.SpecSite.Reports;

namespace ComputeUtility.SpecSite.Site;

/// <summary>The front page: what the standard is made of, with a way into each part.</summary>
internal static class IndexPage
{
    public static string Render(string specTitle, SpecCatalogue catalogue, int operations, int schemas, IReadOnlyList<ImplementationReport> reports)
    {
        const string page = SiteMap.Index;
        var musts = catalogue.Requirements.Count(r => r.Level == RequirementLevel.Must);
        var html = new StringBuilder();
        html.Append("<h1>").Append(PageLayout.Encode(specTitle)).Append("</h1>\n")
            .Append("<p>A compute utility is a machine near its users that runs WebAssembly workers for web pages and other programs: ")
            .Append("a client finds it, reads what it offers, names a worker package on its own origin, and talks to the worker ")
            .Append("as to a Web Worker. This site publishes the standard: the prose, the HTTP interface, the requirements and ")
            .Append("the conformance checks that test them, and the implementation reports.</p>\n")
            .Append("<div class=\"figures\">")
            .Append($"<div><strong>{catalogue.Requirements.Count}</strong>requirements ({musts} MUST)</div>")
            .Append($"<div><strong>{operations}</strong>operations</div>")
            .Append($"<div><strong>{schemas}</strong>JSON Schemas</div>")
            .Append($"<div><strong>{catalogue.Checks.Count}</strong>conformance checks</div>")
            .Append($"<div><strong>{reports.Count}</strong>implementation report{(reports.Count == 1 ? "" : "s")}</div>")
            .Append("</div>\n<h2 id=\"contents\">Contents</h2>\n<div class=\"cards\">\n");
        Card(html, SiteMap.Prose, "The standard", "The normative prose: flow, descriptor, packages, origin rule, workers, channel, guest ABI, tasks, estimates, snapshots, errors, discovery, security.");
        Card(html, SiteMap.UserAgent, "The user agent's part", "DistributedWorker in WebIDL and the algorithms a browser runs: it discovers and chooses, asks the user, relays, fails over; the page learns only remote or local.");
        Card(html, SiteMap.Explainer, "Explainer", "Why distributed workers, why the browser chooses, the alternatives considered (a modified browser, a page library, an extension, an OS service) and the open questions.");
        Card(html, SiteMap.Questionnaire, "Security and privacy self-review", "The W3C TAG security and privacy questionnaire answered for DistributedWorker.");
        Card(html, SiteMap.Api, "API reference", "Every operation, parameter, status code and body of openapi.yaml, with its examples.");
        Card(html, SiteMap.Requirements, "Requirement index", "Every requirement id with its level and class, where it is defined, and the checks that test it.");
        Card(html, SiteMap.Checks, "Conformance checks", "What cu-conformance checks, by profile, and the requirements each check cites.");
        Card(html, SiteMap.Schemas, "JSON Schemas", "The descriptor, manifest, worker, requests, results, events, snapshots and problems.");
        Card(html, SiteMap.SpecFiles, "The spec's files", "What each file of spec/ is, how requirement ids are made, how the spec changes.");
        html.Append("</div>\n<p class=\"muted\">Raw files: <a href=\"openapi.yaml\">openapi.yaml</a>, ")
            .Append("<a href=\"openapi.json\">openapi.json</a> (bundled: the schemas inlined, every reference local).</p>\n")
            .Append("<h2 id=\"reports\">Implementation reports</h2>\n");
        if (reports.Count == 0)
        {
            html.Append("<p class=\"none\">No implementation report yet.</p>\n");
        }
        else
        {
            html.Append("<p>Results of the conformance suite against implementations, one row per requirement.</p>\n<ul>\n");
            foreach (var report in reports)
            {
                html.Append($"<li><a href=\"{SiteMap.Link(page, report.Page)}\">{PageLayout.Encode(report.Name)}</a>");
                if (report.Facts.Count > 0)
                {
                    html.Append("<br><span class=\"muted\">").Append(PageLayout.Encode(string.Join(" · ", report.Facts))).Append("</span>");
                }

                html.Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        // index.html#CU-WRK-8 is a natural link to a requirement: it leads to the requirement on the page that defines it.
        var elsewhere = catalogue.Requirements.Where(r => catalogue.PageOf(r.Id) != SiteMap.Prose)
            .GroupBy(r => catalogue.PageOf(r.Id))
            .Select(g => $"    if (/^#({string.Join("|", g.Select(r => AreaOf(r.Id)).Distinct())})-[0-9]+$/.test(location.hash)) page = '{g.Key}';\n");
        var scripts = "<script>\n  if (/^#CU-[A-Z]+-[0-9]+$/.test(location.hash)) {\n    let page = '" + SiteMap.Prose + "';\n"
            + string.Concat(elsewhere) + "    location.replace(page + location.hash);\n  }\n</script>\n";
        return PageLayout.Render(page, "The standard", html.ToString(), scripts: scripts);
    }

    /// <summary>CU-UA-3 → CU-UA.</summary>
    private static string AreaOf(string id) => id[..id.LastIndexOf('-')];

    private static void Card(StringBuilder html, string path, string title, string text) =>
        html.Append($"<div class=\"card\"><h3><a href=\"{path}\">{title}</a></h3><p>{PageLayout.Encode(text)}</p></div>\n");
}
