namespace ComputeUtility.Browser.Tests.Shim;

[Collection(BrowserCollection.Name)]
public sealed class LocalFallbackTests(BrowserFixture fixture)
{
    private const string CubesScript = """
        const run = async (placement) => {
          const worker = new DistributedWorker('/demo/cubes/manifest.json', { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utility, placement });
          const replies = [];
          const done = new Promise((resolve, reject) => {
            worker.onmessage = (e) => {
              replies.push(e.data instanceof ArrayBuffer ? { floats: new Float32Array(e.data).length, sum: new Float32Array(e.data).reduce((a, b) => a + b, 0) } : e.data);
              if (replies.length === 3) resolve();
            };
            worker.onerror = (e) => reject(new Error(e.message));
          });
          worker.postMessage({ n: 500, seed: 7, steps: 100 });
          worker.postMessage({ steps: 150, hash: 1 });
          worker.postMessage({ n: 'many' });
          await within(done, 30000, `cubes replies (${placement})`);
          worker.terminate();
          return { placement: worker.placement === 'ended' ? placement : worker.placement, replies };
        };
        return { local: await run('local'), remote: await run('remote') };
        """;

    private const string BlurScript = """
        const width = 96, height = 64;
        const message = new Uint8Array(12 + width * height * 4);
        new DataView(message.buffer).setUint32(0, width, true);
        new DataView(message.buffer).setUint32(4, height, true);
        new DataView(message.buffer).setUint32(8, 9, true);
        for (let i = 12; i < message.length; i++) message[i] = (i * 37 + (i >> 7) * 11) & 255;
        const run = async (placement) => {
          const worker = new DistributedWorker('/demo/blur/manifest.json', { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utility, placement });
          const reply = new Promise((resolve, reject) => { worker.onmessage = (e) => resolve(e.data); worker.onerror = (e) => reject(new Error(e.message)); });
          worker.postMessage(message);
          const bytes = new Uint8Array(await within(reply, 30000, `blur reply (${placement})`));
          worker.terminate();
          let hash = 2166136261;
          for (const b of bytes) hash = Math.imul(hash ^ b, 16777619) >>> 0;
          return { length: bytes.length, hash };
        };
        return { local: await run('local'), remote: await run('remote') };
        """;

    [Fact]
    public async Task The_local_fallback_gives_the_echo_replies_the_utility_gives()
    {
        var utility = fixture.Utility.Origin;
        await using var page = await ShimPage.OpenAsync(fixture.Browser, utility + "/");
        var shim = utility + "/shim/distributed-worker.js";
        var arg = new { manifest = "/demo/echo/manifest.json", integrity = Integrity.Of("echo"), utility, placement = "remote" };

        var remote = await page.RunAsync(shim, RemoteEchoTests.EchoScript, arg);
        var local = await page.RunAsync(shim, RemoteEchoTests.EchoScript, arg with { placement = "local" });

        local.GetProperty("placement").GetString().Should().Be("local");
        local.GetProperty("reason").GetString().Should().Contain("'local' was asked for");
        local.GetProperty("replies").GetRawText().Should().Be(remote.GetProperty("replies").GetRawText());
        local.GetProperty("logs").GetRawText().Should().Be(remote.GetProperty("logs").GetRawText());
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task The_cubes_physics_reaches_the_same_exact_state_locally_and_on_the_utility()
    {
        var utility = fixture.Utility.Origin;
        await using var page = await ShimPage.OpenAsync(fixture.Browser, utility + "/");

        var result = await page.RunAsync(utility + "/shim/distributed-worker.js", CubesScript, new { integrity = Integrity.Of("cubes"), utility });

        var local = result.GetProperty("local").GetProperty("replies");
        var remote = result.GetProperty("remote").GetProperty("replies");
        local[0].GetProperty("floats").GetInt32().Should().Be(1500, "500 spheres, x y z each, as float32");
        local[1].GetProperty("steps").GetInt32().Should().Be(250);
        local[2].GetProperty("error").GetString().Should().Contain("non-negative integers");
        local.GetRawText().Should().Be(remote.GetRawText(), "the same module gives the same bits in V8 and in Wasmtime");
    }

    [Fact]
    public async Task The_blur_filter_gives_the_same_bytes_locally_and_on_the_utility()
    {
        var utility = fixture.Utility.Origin;
        await using var page = await ShimPage.OpenAsync(fixture.Browser, utility + "/");

        var result = await page.RunAsync(utility + "/shim/distributed-worker.js", BlurScript, new { integrity = Integrity.Of("blur"), utility });

        result.GetProperty("local").GetProperty("length").GetInt32().Should().Be(12 + (96 * 64 * 4));
        result.GetProperty("local").GetRawText().Should().Be(result.GetProperty("remote").GetRawText());
    }
}
