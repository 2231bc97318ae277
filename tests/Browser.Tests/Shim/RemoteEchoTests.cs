namespace ComputeUtility.Browser.Tests.Shim;

[Collection(BrowserCollection.Name)]
public sealed class RemoteEchoTests(BrowserFixture fixture)
{
    /// <summary>Posts JSON, bytes and JSON again to the echo worker; returns placement, replies and logs.</summary>
    internal const string EchoScript = """
        const worker = new DistributedWorker(arg.manifest, { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utility, placement: arg.placement });
        const replies = [];
        const logs = [];
        worker.addEventListener('log', (e) => logs.push(e.detail));
        const done = new Promise((resolve, reject) => {
          worker.onmessage = (e) => {
            replies.push(e.data instanceof ArrayBuffer ? { bytes: Array.from(new Uint8Array(e.data)) } : e.data);
            if (replies.length === 3) resolve();
          };
          worker.onerror = (e) => reject(new Error(e.message));
        });
        worker.postMessage({ hello: 'worker', n: 1.5, list: [true, null] });
        worker.postMessage(new Uint8Array([0, 255, 7, 42]));
        worker.postMessage('ümlaut ✓');
        await within(done, 20000, 'three echo replies');
        const result = { placement: worker.placement, reason: worker.placementReason, utility: worker.utility, replies, logs };
        worker.terminate();
        return result;
        """;

    [Fact]
    public async Task A_page_talks_to_the_echo_worker_on_the_utility_over_its_websocket()
    {
        var utility = fixture.Utility.Origin;
        await using var page = await ShimPage.OpenAsync(fixture.Browser, utility + "/");

        var result = await page.RunAsync(utility + "/shim/distributed-worker.js", EchoScript,
            new { manifest = "/demo/echo/manifest.json", integrity = Integrity.Of("echo"), utility, placement = "remote" });

        result.GetProperty("placement").GetString().Should().Be("remote");
        result.GetProperty("utility").GetString().Should().Be(utility);
        var replies = result.GetProperty("replies");
        replies[0].GetRawText().Should().Be("""{"count":1,"echo":{"hello":"worker","n":1.5,"list":[true,null]}}""");
        replies[1].GetProperty("bytes").GetRawText().Should().Be("[0,255,7,42]");
        replies[2].GetRawText().Should().Be("""{"count":3,"echo":"ümlaut ✓"}""");
        result.GetProperty("logs")[0].GetRawText().Should().Be("""{"stream":"stdout","text":"echo: first message"}""");
        page.Errors.Should().BeEmpty();
    }
}
