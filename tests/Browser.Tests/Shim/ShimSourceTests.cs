namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>
/// The shim's source as a library: small ES modules, type-checked against the declarations users compile with
/// (<c>tsc --checkJs</c>, the TypeScript pinned in src/Browser.Shim/package-lock.json). No browser needed.
/// </summary>
public sealed class ShimSourceTests
{
    private const int MaxModuleLines = 400;

    private static string Shim => Repo.File("src", "Browser.Shim");

    [Fact]
    public async Task The_shim_modules_pass_tsc_checkJs_against_distributed_worker_d_ts()
    {
        var tsc = Path.Combine(Shim, "node_modules", ".bin", "tsc");
        File.Exists(tsc).Should().BeTrue("the pinned TypeScript is installed by `npm ci` in src/Browser.Shim (./test.sh does it)");

        var (exitCode, output, errors) = await NpmCommand.RunAsync(Shim, TimeSpan.FromMinutes(5), tsc, "-p", ".");

        exitCode.Should().Be(0, "tsc reports no error:\n" + output + errors);
    }

    [Fact]
    public void Every_module_of_the_shim_stays_under_400_lines()
    {
        var modules = Directory.EnumerateFiles(Shim, "*.js", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Shim, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("node_modules/", StringComparison.Ordinal))
            .ToList();

        modules.Should().Contain(["distributed-worker.js", "lib/worker.js", "lib/local/host.js"]);
        foreach (var module in modules)
        {
            File.ReadAllLines(Path.Combine(Shim, module)).Length.Should().BeLessThan(MaxModuleLines, $"{module} is one module of a small set");
        }
    }
}
