using ComputeUtility.Conformance.Spec;
using Microsoft.Playwright;

namespace ComputeUtility.Spec.Tests.Site;

/// <summary>The built site opened from disk in Chromium: the API reference renders, requirement links land.</summary>
[Collection(SpecSiteCollection.Name)]
public sealed class SiteInChromiumTests(BuiltSite site, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_api_reference_renders_every_operation_and_the_schemas_of_the_schema_files_from_disk()
    {
        var operations = new OpenApiDocument(Repo.Spec("")).Operations().Select(o => o.Operation["operationId"]!.GetValue<string>()).ToList();
        var page = await chromium.NewPageAsync();
        var sent = new List<string>();
        await page.RouteAsync(url => !url.StartsWith("file:", StringComparison.Ordinal), async route =>
        {
            lock (sent)
            {
                sent.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });

        await page.GotoAsync(Url("api.html"));
        await page.WaitForSelectorAsync("[id$='/operation/createWorker']");

        var rendered = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[id*=\"/operation/\"]')].map(e => e.id.split('/').pop())");
        operations.Should().HaveCount(23).And.OnlyContain(id => rendered.Contains(id));
        // Fields that only the schema files define: the descriptor's (descriptor.schema.json) and a package request's (a definition inside worker-create-request.schema.json).
        (await page.Locator("td[kind='field'][title='descriptorVersion']").CountAsync()).Should().BePositive();
        (await page.Locator("td[kind='field'][title='integrity']").CountAsync()).Should().BePositive();
        (await page.ContentAsync()).Should().NotContain("Something went wrong").And.NotContain("Invalid reference");
        // ReDoc asks for its attribution logo from a CDN; the page's Content-Security-Policy stops that before it leaves the browser.
        sent.Should().BeEmpty("the page works offline and sends nothing elsewhere");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("spec-site-api.png") });
        await page.GotoAsync(Url("api.html") + "#tag/workers/operation/createWorker");
        await page.WaitForSelectorAsync("td[kind='field'][title='integrity']");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("spec-site-api-operation.png") });
    }

    [Theory]
    [InlineData("compute-utility.html#CU-WRK-8", "compute-utility.html", "spec-site-prose.png")]
    [InlineData("requirements.html#CU-WRK-8", "requirements.html", "spec-site-requirements.png")]
    [InlineData("index.html#CU-WRK-8", "compute-utility.html", null)]
    [InlineData("index.html#CU-UA-3", "user-agent.html", "spec-site-user-agent.png")]
    public async Task A_link_to_a_requirement_id_lands_on_the_requirement(string link, string landsOn, string? screenshot)
    {
        var page = await chromium.NewPageAsync();
        var id = link.Split('#')[1];

        await page.GotoAsync(Url(link));
        await page.WaitForURLAsync($"**/{landsOn}#{id}");

        (await page.EvaluateAsync<string?>("() => document.querySelector(':target')?.id")).Should().Be(id);
        var box = await page.Locator($"[id='{id}']").BoundingBoxAsync();
        box!.Y.Should().BeInRange(0, 450, "the requirement is near the top of the window");
        if (screenshot is not null)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath(screenshot) });
        }
    }

    [Fact]
    public async Task The_index_page_shows_the_parts_of_the_standard()
    {
        var page = await chromium.NewPageAsync();

        await page.GotoAsync(Url("index.html"));

        (await page.Locator(".card h3 a").AllTextContentsAsync()).Should().Contain(["The standard", "The user agent's part", "Explainer", "API reference", "Requirement index", "Conformance checks"]);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("spec-site-index.png"), FullPage = true });
        await page.GotoAsync(Url("checks.html"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("spec-site-checks.png") });
    }

    private string Url(string page) => new Uri(site.PathOf(page.Split('#')[0])).AbsoluteUri + (page.Contains('#') ? "#" + page.Split('#')[1] : "");
}
