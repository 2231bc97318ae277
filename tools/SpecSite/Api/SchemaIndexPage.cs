namespace ComputeUtility.SpecSite.Api;

/// <summary>The JSON Schemas of spec/schemas/, each with its title, what it describes and the file itself.</summary>
internal static class SchemaIndexPage
{
    public static string Render(string schemasDirectory)
    {
        const string page = SiteMap.Schemas;
        var html = new StringBuilder();
        html.Append("<h1>JSON Schemas</h1>\n<p>The bodies of the API as JSON Schemas (draft-07); each carries <code>examples</code> that validate. ")
            .Append($"The <a href=\"{SiteMap.Link(page, SiteMap.Api)}\">API reference</a> shows them in place.</p>\n")
            .Append("<table>\n<thead><tr><th>File</th><th>Title</th><th>What it describes</th></tr></thead>\n<tbody>\n");
        foreach (var file in Directory.GetFiles(schemasDirectory, "*.schema.json").Order(StringComparer.Ordinal))
        {
            var schema = JsonNode.Parse(File.ReadAllText(file))!;
            var name = Path.GetFileName(file);
            html.Append($"<tr id=\"{PageLayout.Encode(name)}\"><td><a class=\"id\" href=\"{PageLayout.Encode(name)}\">{PageLayout.Encode(name)}</a></td>")
                .Append($"<td>{PageLayout.Encode(schema["title"]?.GetValue<string>() ?? "")}</td>")
                .Append($"<td>{PageLayout.Encode(schema["description"]?.GetValue<string>() ?? "")}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        return PageLayout.Render(page, "JSON Schemas", html.ToString());
    }
}
