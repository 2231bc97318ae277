using System.Diagnostics;

namespace ComputeUtility.Spec.Tests.Site;

/// <summary>
/// The spec site, built once for the collection by the real command (<c>bash spec/site/build.sh DIR</c>)
/// into a temporary folder, removed afterwards.
/// </summary>
public sealed class BuiltSite : IAsyncLifetime
{
    public const string Renderer = "tools/SpecSite/node_modules/redoc/bundles/redoc.standalone.js";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "cu-spec-site-" + Guid.NewGuid().ToString("N"));

    /// <summary>What the command printed.</summary>
    public string Output { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Repo.PathOf(Renderer)))
        {
            throw new InvalidOperationException(
                $"{Renderer} is missing: run `npm ci` in tools/SpecSite (./test.sh does, before the tests, where the registry is reachable).");
        }

        var start = new ProcessStartInfo("bash", [Repo.PathOf("spec/site/build.sh"), Folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repo.Root,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"spec/site/build.sh exited with {process.ExitCode}:\n{Output}");
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    public string PathOf(string page) => Path.Combine(Folder, page);

    public string Read(string page) => File.ReadAllText(PathOf(page));
}
