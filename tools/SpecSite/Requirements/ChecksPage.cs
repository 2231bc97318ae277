namespace ComputeUtility.SpecSite.Requirements;

/// <summary>The conformance suite's checks, by profile, each with its anchor and the requirements it cites.</summary>
internal static class ChecksPage
{
    public static string Render(SpecCatalogue catalogue)
    {
        const string page = SiteMap.Checks;
        var html = new StringBuilder();
        html.Append("<h1>Conformance checks</h1>\n<p>The checks <code>cu-conformance</code> runs against a utility, in the order it runs them, ")
            .Append("grouped by profile (conformance class). Each cites the requirements it tests; ")
            .Append($"<code>cu-conformance list</code> prints the same catalogue. {catalogue.Checks.Count} checks.</p>\n");
        foreach (var profile in catalogue.Checks.Select(c => c.Profile).Distinct())
        {
            var checks = catalogue.Checks.Where(c => c.Profile == profile).ToList();
            html.Append($"<h2 id=\"profile-{PageLayout.Encode(profile)}\">{PageLayout.Encode(profile)} <span class=\"muted\">({checks.Count})</span></h2>\n")
                .Append("<table>\n<thead><tr><th>Check</th><th>What it checks</th><th>Profile</th><th>Requirements</th></tr></thead>\n<tbody>\n");
            foreach (var check in checks)
            {
                var requirements = check.Requirements.Select(r => catalogue.HasRequirement(r)
                    ? $"<a class=\"id\" href=\"{SiteMap.Link(page, catalogue.PageOf(r))}#{r}\">{r}</a>"
                    : $"<span class=\"id\">{PageLayout.Encode(r)}</span>");
                html.Append($"<tr id=\"{PageLayout.Encode(check.Id)}\"><td><span class=\"id\">{PageLayout.Encode(check.Id)}</span></td>")
                    .Append($"<td>{PageLayout.Encode(check.Title)}</td><td>{PageLayout.Encode(check.Profile)}</td>")
                    .Append("<td>").Append(string.Join("<br>", requirements)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        return PageLayout.Render(page, "Conformance checks", html.ToString());
    }
}
