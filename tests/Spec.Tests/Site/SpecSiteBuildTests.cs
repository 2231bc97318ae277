using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Spec.Tests.Site;

/// <summary>What spec/site/build.sh produces: anchors for every requirement and check, links that all land, the reports.</summary>
[Collection(SpecSiteCollection.Name)]
public sealed class SpecSiteBuildTests(BuiltSite site)
{
    private static readonly RequirementCatalog Requirements = RequirementCatalog.Parse(File.ReadAllText(Repo.Spec("compute-utility.md")));
    private static readonly RequirementCatalog UserAgent = RequirementCatalog.Parse(File.ReadAllText(Repo.Spec("user-agent.md")));

    [Fact]
    public void Every_requirement_id_has_its_anchor_in_the_prose_and_its_row_in_the_index()
    {
        var prose = HtmlLinks.Anchors(site.Read("compute-utility.html"));
        var index = HtmlLinks.Anchors(site.Read("requirements.html"));

        Requirements.All.Should().HaveCountGreaterThan(50);
        Requirements.All.Select(r => r.Id).Where(id => !prose.Contains(id)).Should().BeEmpty("index.html#CU-… must land on the requirement");
        Requirements.All.Select(r => r.Id).Where(id => !index.Contains(id)).Should().BeEmpty();
    }

    [Fact]
    public void Every_user_agent_requirement_has_its_anchor_on_the_user_agent_page_and_its_row_in_the_index_linking_there()
    {
        var page = HtmlLinks.Anchors(site.Read("user-agent.html"));
        var index = site.Read("requirements.html");

        UserAgent.All.Should().NotBeEmpty();
        UserAgent.All.Select(r => r.Id).Where(id => !page.Contains(id)).Should().BeEmpty();
        UserAgent.All.Select(r => r.Id).Where(id => !index.Contains($"<tr id=\"{id}\"><td><a class=\"id\" href=\"user-agent.html#{id}\">", StringComparison.Ordinal))
            .Should().BeEmpty("the index links each user-agent id to the page that defines it");
    }

    [Theory]
    [InlineData("explainer.html")]
    [InlineData("security-privacy-questionnaire.html")]
    [InlineData("user-agent.html")]
    public void The_user_agent_documents_are_published_and_linked_from_the_front_page(string page)
    {
        site.Read("index.html").Should().Contain($"href=\"{page}\"");
        site.Read(page).Should().Contain("DistributedWorker");
    }

    [Fact]
    public void The_anchor_of_a_requirement_is_the_list_item_that_states_it()
    {
        var prose = site.Read("compute-utility.html");
        var requirement = Requirements["CU-WRK-8"];

        var item = Regex.Match(prose, "<li id=\"CU-WRK-8\">(.*?)</li>", RegexOptions.Singleline);

        item.Success.Should().BeTrue();
        item.Groups[1].Value.Should().Contain("[" + requirement.Class + "]").And.Contain("MUST").And.Contain("requirements.html#CU-WRK-8");
    }

    [Fact]
    public void Every_internal_link_of_the_site_resolves_to_a_file_and_anchor()
    {
        var pages = Directory.GetFiles(site.Folder, "*.html", SearchOption.AllDirectories);
        var anchors = pages.ToDictionary(p => p, p => HtmlLinks.Anchors(File.ReadAllText(p)));
        var checkedCount = 0;
        var broken = new List<string>();
        foreach (var page in pages)
        {
            foreach (var link in HtmlLinks.Targets(File.ReadAllText(page)).Where(l => !HtmlLinks.IsExternal(l)))
            {
                checkedCount++;
                var hash = link.IndexOf('#', StringComparison.Ordinal);
                var path = hash < 0 ? link : link[..hash];
                var fragment = hash < 0 ? null : Uri.UnescapeDataString(link[(hash + 1)..]);
                var target = path.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
                var name = Path.GetRelativePath(site.Folder, page);
                if (!target.StartsWith(site.Folder, StringComparison.Ordinal) || !File.Exists(target))
                {
                    broken.Add($"{name}: {link} (no such file in the site)");
                }
                else if (fragment is not null && (!anchors.TryGetValue(target, out var ids) || !ids.Contains(fragment)))
                {
                    broken.Add($"{name}: {link} (no id=\"{fragment}\" there)");
                }
            }
        }

        broken.Should().BeEmpty();
        checkedCount.Should().BeGreaterThan(Requirements.All.Count * 2);
    }

    [Fact]
    public void The_checks_page_anchors_every_check_and_the_requirement_index_links_each_to_what_it_cites()
    {
        var checks = HtmlLinks.Anchors(site.Read("checks.html"));
        var index = site.Read("requirements.html");

        CheckCatalog.All.Select(c => c.Id).Where(id => !checks.Contains(id)).Should().BeEmpty();
        foreach (var check in CheckCatalog.All)
        {
            foreach (var requirement in check.Requirements)
            {
                var row = Regex.Match(index, $"<tr id=\"{requirement}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
                row.Should().Contain($"checks.html#{check.Id}\"", $"{requirement} is cited by {check.Id}");
            }
        }
    }

    [Fact]
    public void The_requirement_index_names_in_each_row_the_tests_that_cite_the_requirement()
    {
        var index = site.Read("requirements.html");
        var citations = SpecSite.Requirements.TestCitations.Find(Repo.Root);

        citations.Should().NotBeEmpty();
        foreach (var citation in citations)
        {
            foreach (var requirement in citation.Requirements.Where(r => Requirements.Contains(r) || UserAgent.Contains(r)))
            {
                var row = Regex.Match(index, $"<tr id=\"{requirement}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
                row.Should().Contain($": {citation.Name}\">", $"{citation.File} cites {requirement}");
            }
        }
    }

    [Fact]
    public void Every_implementation_report_is_published_linked_from_the_index_and_links_its_ids()
    {
        var reports = Directory.GetFiles(Repo.PathOf("docs/conformance"), "*.md").Select(Path.GetFileNameWithoutExtension).ToList();
        var index = site.Read("index.html");

        reports.Should().NotBeEmpty();
        foreach (var report in reports)
        {
            index.Should().Contain($"href=\"reports/{report}.html\"");
            var html = site.Read($"reports/{report}.html");
            var cited = Regex.Matches(File.ReadAllText(Repo.PathOf($"docs/conformance/{report}.md")), @"^\| (CU-[A-Z]+-[0-9]+) \|", RegexOptions.Multiline)
                .Select(m => m.Groups[1].Value).Where(Requirements.Contains).ToList();
            cited.Where(id => !html.Contains($"href=\"../compute-utility.html#{id}\"", StringComparison.Ordinal))
                .Should().BeEmpty($"the requirement table of {report} links each id to the prose");
        }
    }

    [Fact]
    public void The_api_reference_carries_its_renderer_and_the_bundled_spec_and_loads_nothing_from_elsewhere()
    {
        var api = site.Read("api.html");

        File.Exists(site.PathOf("assets/redoc.standalone.js")).Should().BeTrue();
        api.Should().Contain("<script id=\"openapi-document\" type=\"application/json\">{");
        api.Should().NotContain("schemas/descriptor.schema.json", "the schema files are inlined, so the page works opened from disk");
        Regex.Matches(api, "<(?:script|link)[^>]*(?:src|href)=\"([^\"]*)\"").Select(m => m.Groups[1].Value)
            .Where(HtmlLinks.IsExternal).Should().BeEmpty();
    }
}
