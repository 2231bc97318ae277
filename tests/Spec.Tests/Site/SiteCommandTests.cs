using ComputeUtility.SpecSite;

namespace ComputeUtility.Spec.Tests.Site;

/// <summary>The site builder's command line: what it refuses, and that it says why.</summary>
public sealed class SiteCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cu-spec-site-cli-" + Guid.NewGuid().ToString("N"));
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [Fact]
    public void A_folder_that_holds_something_else_is_never_emptied()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "mine");

        var exit = EntryPoint.Run(["--out", _folder, "--repo", Repo.Root, "--renderer", typeof(SiteCommandTests).Assembly.Location], Repo.Root, _output, _error);

        exit.Should().Be(1);
        _error.ToString().Should().Contain("is not empty");
        File.ReadAllText(Path.Combine(_folder, "notes.txt")).Should().Be("mine");
    }

    [Fact]
    public void A_missing_renderer_is_named_with_the_way_to_install_it()
    {
        var exit = EntryPoint.Run(["--out", _folder, "--repo", Repo.Root, "--renderer", Path.Combine(_folder, "redoc.standalone.js")], Repo.Root, _output, _error);

        exit.Should().Be(1);
        _error.ToString().Should().Contain("npm ci").And.Contain("tools/SpecSite");
        Directory.Exists(_folder).Should().BeFalse("nothing is written when the build cannot succeed");
    }

    [Fact]
    public void Without_an_output_folder_the_command_says_what_is_missing()
    {
        var exit = EntryPoint.Run(["--repo", Repo.Root, "--colour"], Repo.Root, _output, _error);

        exit.Should().Be(2);
        _error.ToString().Should().Contain("--out is required").And.Contain("'--colour'").And.Contain("usage:");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
