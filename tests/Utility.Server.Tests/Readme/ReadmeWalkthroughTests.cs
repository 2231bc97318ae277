namespace ComputeUtility.Server.Tests.Readme;

/// <summary>The walkthrough in README.md works as written, with the shipped defaults and the demo origin.</summary>
public sealed partial class ReadmeWalkthroughTests : IAsyncLifetime
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
    private readonly UtilityFactory _factory = new(new Dictionary<string, string?> { ["Packages:AllowPrivateHosts"] = "false" });
    private HttpClient _client = null!;

    [GeneratedRegex("\"package\":\"http://127\\.0\\.0\\.1:8470(?<path>/demo/[^\"]+)\",\\s*\"integrity\":\"(?<sri>sha256-[^\"]+)\"")]
    private static partial Regex PackageInReadme();

    public Task InitializeAsync()
    {
        _client = _factory.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public void The_readme_opens_with_the_run_command_and_the_test_command()
    {
        var commands = Regex.Matches(Readme, "```sh\\n#[^\\n]*\\n(?<cmd>[^\\n]+)\\n```").Select(m => m.Groups["cmd"].Value).Take(2).ToArray();

        commands.Should().Equal("dotnet run --project src/Utility.Server -c Release", "./test.sh");
    }

    [Fact]
    public async Task The_echo_worker_and_hello_task_of_the_readme_run_against_the_demo_origin()
    {
        var packages = PackageInReadme().Matches(Readme).GroupBy(m => m.Groups["path"].Value)
            .ToDictionary(g => g.Key, g => g.First().Groups["sri"].Value);
        packages.Keys.Should().Contain(["/demo/echo/manifest.json", "/demo/hello/manifest.json"]);

        var created = await _client.PostAsJsonAsync("/v1/workers",
            new { package = Demo("/demo/echo/manifest.json"), integrity = packages["/demo/echo/manifest.json"] });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var worker = await created.Content.ReadFromJsonAsync<JsonElement>();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/workers/{worker.GetProperty("id").GetString()}/messages")
        {
            Content = JsonContent.Create(new { hello = "worker" }),
        };
        request.Headers.Authorization = new("Bearer", worker.GetProperty("token").GetString());
        (await _client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.Accepted);

        var task = await _client.PostAsJsonAsync("/v1/tasks",
            new { package = Demo("/demo/hello/manifest.json"), integrity = packages["/demo/hello/manifest.json"], args = new[] { "Ada" }, stdin = "12345" });
        var result = await task.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("stdout").GetString().Should().Be("Hello, Ada!\nstdin: 5 bytes\n");
        result.GetProperty("exitCode").GetInt32().Should().Be(1);
    }

    [Fact]
    public void The_integrity_strings_in_the_readme_are_those_of_the_committed_manifests()
    {
        foreach (Match match in PackageInReadme().Matches(Readme))
        {
            var manifest = Repo.Example(match.Groups["path"].Value["/demo/".Length..]);
            TestPackage.Sri(manifest).Should().Be(match.Groups["sri"].Value, match.Groups["path"].Value);
        }
    }

    private string Demo(string path) => new Uri(_factory.BaseUri, path).ToString();
}
