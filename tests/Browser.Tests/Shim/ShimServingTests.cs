namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>The utility serves the shim's module folder at <c>/shim/</c>: the entry, its types and every module, and none of its tooling.</summary>
public sealed class ShimServingTests
{
    [Fact]
    public async Task The_utility_serves_every_module_of_the_shim_as_javascript_and_none_of_its_tooling()
    {
        await using var utility = await UtilityProcess.StartAsync();
        using var client = new HttpClient { BaseAddress = utility.Url };
        var shim = Repo.File("src", "Browser.Shim");
        var modules = Directory.EnumerateFiles(Path.Combine(shim, "lib"), "*.js", SearchOption.AllDirectories)
            .Select(path => "lib/" + Path.GetRelativePath(Path.Combine(shim, "lib"), path).Replace('\\', '/'))
            .Prepend("distributed-worker.js").ToList();

        foreach (var module in modules)
        {
            using var response = await client.GetAsync("/shim/" + module);
            ((int)response.StatusCode).Should().Be(200, module);
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript", $"{module} loads as a module script");
            (await response.Content.ReadAsStringAsync()).Should().Be(await File.ReadAllTextAsync(Path.Combine(shim, module)), module);
        }

        using var types = await client.GetAsync("/shim/distributed-worker.d.ts");
        ((int)types.StatusCode).Should().Be(200);
        foreach (var tooling in new[] { "package.json", "package-lock.json", "tsconfig.json", "check/contract.ts", "node_modules/typescript/package.json" })
        {
            using var response = await client.GetAsync("/shim/" + tooling);
            ((int)response.StatusCode).Should().Be(404, $"{tooling} is the shim's tooling, not part of what pages load");
        }
    }
}
