using System.IO.Compression;

namespace ComputeUtility.Server.Tests.Packages;

/// <summary>Origins that compress, lie about lengths or change what was digested: the utility notices, never trusts.</summary>
public sealed class MisbehavingOriginTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    private static readonly byte[] Echo = Repo.Example("echo/echo.wasm");

    [Fact]
    public async Task A_gzip_bomb_is_not_decompressed_and_fails_its_digest()
    {
        var package = TestPackage.Publish(utility.Origin, "bomb", Echo, moduleIntegrity: TestPackage.Sri(Guid.NewGuid().ToByteArray()));
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(new byte[256 * 1024 * 1024]);
        }

        var bomb = compressed.ToArray();
        utility.Origin.Answer("bomb/bomb.wasm", async context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentType = "application/wasm";
            await context.Response.Body.WriteAsync(bomb);
        });

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        await response.ShouldBeProblemAsync("integrity-mismatch", HttpStatusCode.UnprocessableEntity);
        bomb.Length.Should().BeLessThan(1024 * 1024, "the bomb is small on the wire and would be 256 MiB decoded");
    }

    [Fact]
    public async Task An_origin_whose_body_is_shorter_than_its_content_length_gives_a_502()
    {
        var package = TestPackage.Publish(utility.Origin, "short", Echo, moduleIntegrity: TestPackage.Sri(Guid.NewGuid().ToByteArray()));
        utility.Origin.Answer("short/short.wasm", async context =>
        {
            context.Response.ContentLength = Echo.Length * 2;
            await context.Response.Body.WriteAsync(Echo);
            context.Abort();
        });

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        await response.ShouldBeProblemAsync("package-fetch-failed", HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task Content_changed_after_its_digest_was_taken_is_refused()
    {
        var package = TestPackage.Publish(utility.Origin, "changed", Echo, moduleIntegrity: TestPackage.Sri(Guid.NewGuid().ToByteArray()));
        var changed = Echo.ToArray();
        changed[^1] ^= 0xff;
        utility.Origin.Put("changed/changed.wasm", changed);

        var response = await utility.Client.PostAsJsonAsync("/v1/workers", package.CreateBody);

        await response.ShouldBeProblemAsync("integrity-mismatch", HttpStatusCode.UnprocessableEntity);
    }
}
