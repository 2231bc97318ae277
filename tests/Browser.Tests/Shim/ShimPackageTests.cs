using System.Formats.Tar;
using System.IO.Compression;

namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>
/// The shim as its npm package: what <c>npm pack</c> puts in the tarball is what an app serves from its own origin,
/// and that copy imports and runs a worker on a utility and in the page (its local worker a module beside it).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ShimPackageTests(BrowserFixture fixture) : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("shim-pack-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task The_packed_shim_served_from_an_app_origin_runs_the_echo_worker_remotely_and_locally()
    {
        var package = await PackAndUnpackAsync();
        await using var app = new PageOrigin(shimRoot: package);
        await using var utility = await UtilityProcess.StartAsync("--Cors:AllowedOrigins:0=" + app.Origin);
        await using var page = await ShimPage.OpenAsync(fixture.Browser, app.Origin + "/");
        var shim = app.Origin + "/shim/distributed-worker.js";
        var arg = new { manifest = utility.Origin + "/demo/echo/manifest.json", integrity = Integrity.Of("echo"), utility = utility.Origin, placement = "remote" };

        var exports = await page.RunAsync(shim, "return Object.keys(await import(arg)).sort();", shim);
        var remote = await page.RunAsync(shim, RemoteEchoTests.EchoScript, arg);
        var local = await page.RunAsync(shim, RemoteEchoTests.EchoScript, arg with { placement = "local" });

        exports.EnumerateArray().Select(e => e.GetString()).Should().Equal("DistributedWorker", "parsePairingLink", "parseSnapshot", "writeSnapshot");
        remote.GetProperty("placement").GetString().Should().Be("remote");
        remote.GetProperty("utility").GetString().Should().Be(utility.Origin);
        remote.GetProperty("replies")[0].GetRawText().Should().Be("""{"count":1,"echo":{"hello":"worker","n":1.5,"list":[true,null]}}""");
        local.GetProperty("placement").GetString().Should().Be("local");
        local.GetProperty("replies").GetRawText().Should().Be(remote.GetProperty("replies").GetRawText());
        local.GetProperty("logs").GetRawText().Should().Be(remote.GetProperty("logs").GetRawText());
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task The_package_holds_the_entry_its_types_and_its_modules_and_none_of_the_tooling()
    {
        var package = await PackAndUnpackAsync();

        var files = Directory.EnumerateFiles(package, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(package, path).Replace('\\', '/')).ToList();
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(package, "package.json"))).RootElement;

        files.Should().Contain(["package.json", "distributed-worker.js", "distributed-worker.d.ts", "lib/worker.js", "lib/local-session.js", "lib/local/host.js"]);
        files.Should().NotContain(path => path.StartsWith("node_modules/") || path.StartsWith("check/") || path == "tsconfig.json" || path == "package-lock.json");
        manifest.GetProperty("type").GetString().Should().Be("module");
        manifest.GetProperty("types").GetString().Should().Be("./distributed-worker.d.ts");
        manifest.GetProperty("exports").GetProperty(".").GetProperty("default").GetString().Should().Be("./distributed-worker.js");
        files.Should().Contain(manifest.GetProperty("exports").GetProperty(".").GetProperty("types").GetString()!.TrimStart('.', '/'));
    }

    /// <summary>Runs <c>npm pack</c> in src/Browser.Shim into a temporary folder and unpacks the tarball; returns its <c>package/</c> folder.</summary>
    private async Task<string> PackAndUnpackAsync()
    {
        var (exitCode, output, errors) = await NpmCommand.RunAsync(Repo.File("src", "Browser.Shim"), TimeSpan.FromMinutes(3),
            "npm", "pack", "--json", "--pack-destination", _temp);
        exitCode.Should().Be(0, "npm pack succeeds:\n" + output + errors);
        var tarball = Path.Combine(_temp, JsonDocument.Parse(output).RootElement[0].GetProperty("filename").GetString()!);

        var unpacked = Path.Combine(_temp, "unpacked");
        Directory.CreateDirectory(unpacked);
        await using (var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(gzip, unpacked, overwriteFiles: false);
        }

        return Path.Combine(unpacked, "package");
    }
}
