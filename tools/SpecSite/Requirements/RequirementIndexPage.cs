using ComputeUtility.SpecSite.Prose;

namespace ComputeUtility.SpecSite.Requirements;

/// <summary>Every requirement id with its level, class and statement, where the prose defines it and which checks test it.</summary>
internal static class RequirementIndexPage
{
    public static string Render(SpecCatalogue catalogue)
    {
        const string page = SiteMap.Requirements;
        var html = new StringBuilder();
        var levels = catalogue.Requirements.GroupBy(r => r.Level).ToDictionary(g => g.Key, g => g.Count());
        var untested = catalogue.Requirements.Count(r => !catalogue.ChecksCiting(r.Id).Any());
        var citedByTests = catalogue.Requirements.Count(r => catalogue.TestsCiting(r.Id).Any());
        html.Append("<h1>Requirement index</h1>\n<p>Every numbered requirement of <a href=\"").Append(SiteMap.Link(page, SiteMap.Prose))
            .Append("\">the standard</a> and of <a href=\"").Append(SiteMap.Link(page, SiteMap.UserAgent))
            .Append("\">the user agent's part</a>, with the conformance checks that test it and the repository's tests that cite it ")
            .Append("(<code>[Requirement(\"CU-…\")]</code>). The id links to the requirement in the prose. ")
            .Append("Requirements of the classes <em>client</em> and <em>browser</em> bind clients and browsers, which a conformance suite for utilities cannot observe: ")
            .Append("they have no check; only a test of the client or browser that implements them can prove them.</p>\n")
            .Append("<div class=\"figures\">")
            .Append($"<div><strong>{catalogue.Requirements.Count}</strong>requirements</div>")
            .Append($"<div><strong>{levels.GetValueOrDefault(RequirementLevel.Must)}</strong>MUST</div>")
            .Append($"<div><strong>{levels.GetValueOrDefault(RequirementLevel.Should)}</strong>SHOULD</div>")
            .Append($"<div><strong>{levels.GetValueOrDefault(RequirementLevel.May)}</strong>MAY</div>")
            .Append($"<div><strong>{untested}</strong>without a check</div>")
            .Append($"<div><strong>{citedByTests}</strong>cited by a test</div>")
            .Append("</div>\n<table>\n<thead><tr><th>Id</th><th>Level</th><th>Class</th><th>Requirement</th><th>Checks</th><th>Tests</th></tr></thead>\n<tbody>\n");
        foreach (var requirement in catalogue.Requirements)
        {
            var checks = catalogue.ChecksCiting(requirement.Id)
                .Select(c => $"<a class=\"id\" href=\"{SiteMap.Link(page, SiteMap.Checks)}#{c.Id}\">{PageLayout.Encode(c.Id)}</a>")
                .ToList();
            html.Append($"<tr id=\"{requirement.Id}\">")
                .Append($"<td><a class=\"id\" href=\"{SiteMap.Link(page, catalogue.PageOf(requirement.Id))}#{requirement.Id}\">{requirement.Id}</a></td>")
                .Append($"<td><span class=\"level level-{LevelName(requirement.Level).ToLowerInvariant()}\">{LevelName(requirement.Level)}</span></td>")
                .Append($"<td>{PageLayout.Encode(requirement.Class)}</td>")
                .Append($"<td>{InlineMarkdown(requirement.Text)}</td>")
                .Append("<td>").Append(checks.Count == 0 ? "<span class=\"none\">none</span>" : string.Join("<br>", checks)).Append("</td>")
                .Append("<td>").Append(Tests(catalogue.TestsCiting(requirement.Id).ToList())).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        return PageLayout.Render(page, "Requirement index", html.ToString());
    }

    private static string Tests(IReadOnlyList<TestCitation> tests) => tests.Count == 0
        ? "<span class=\"none\">none</span>"
        : string.Concat(tests.Select(t => $"<span class=\"test\" title=\"{PageLayout.Encode(t.File)}: {PageLayout.Encode(t.Name)}\">{PageLayout.Encode(Sentence(t.Name))}</span>"));

    /// <summary>A test's name as the sentence it is: <c>CU_WRK_8_a_wrong_token_is_refused</c> → "CU-WRK-8 a wrong token is refused".</summary>
    public static string Sentence(string testName)
    {
        var words = testName.Split('_');
        return words.Length > 3 && words[0] == "CU" && words[2].All(char.IsDigit)
            ? $"CU-{words[1]}-{words[2]} " + string.Join(' ', words[3..])
            : string.Join(' ', words);
    }

    public static string LevelName(RequirementLevel level) => level switch
    {
        RequirementLevel.Must => "MUST",
        RequirementLevel.Should => "SHOULD",
        _ => "MAY",
    };

    /// <summary>A requirement's statement (one Markdown line without the id and class) as inline HTML.</summary>
    private static string InlineMarkdown(string text)
    {
        var html = SpecMarkdown.ToHtml(SpecMarkdown.Parse(text)).Trim();
        return html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal) ? html[3..^4] : html;
    }
}
