namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>
/// The shim's side of snapshots (spec 13): its parser and writer against a utility's bytes, and a
/// running echo worker moved with its state between the utility and the page, both ways.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SnapshotTests(BrowserFixture fixture)
{
    /// <summary>window.echo(worker): records counts; window.send(worker, from, to) posts {"i": from..to}; window.until(n) waits for n replies.</summary>
    private const string Helpers = """
        window.counts = [];
        window.mismatches = [];
        window.echo = (worker) => { worker.onmessage = (e) => {
          window.counts.push(e.data.count);
          if (e.data.count !== e.data.echo.i) window.mismatches.push(e.data);
        }; };
        window.send = (worker, from, to) => { for (let i = from; i <= to; i++) worker.postMessage({ i }); };
        window.until = (n) => within(new Promise((resolve) => { const t = setInterval(() => {
          if (window.counts.length >= n) { clearInterval(t); resolve(); } }, 5); }), 20000, `${n} replies`);
        """;

    [Fact]
    public async Task The_shim_reads_a_utility_snapshot_writes_it_back_byte_for_byte_and_restores_it_locally_and_by_upload()
    {
        var utility = fixture.Utility.Origin;
        await using var page = await ShimPage.OpenAsync(fixture.Browser, utility + "/");

        var result = await page.RunAsync(utility + "/shim/distributed-worker.js", Helpers + """
            const { parseSnapshot, writeSnapshot } = await import(shimUrl);
            const worker = new DistributedWorker('/demo/echo/manifest.json', { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utility, placement: 'remote' });
            window.echo(worker);
            window.send(worker, 1, 7);
            await window.until(7);
            const snapshot = await worker.snapshot();
            worker.terminate();

            const parsed = parseSnapshot(snapshot.bytes);
            const memory = new Uint8Array(parsed.memoryBytes);
            for (const { index, offset } of parsed.pages) memory.set(new Uint8Array(snapshot.bytes, offset, 65536), index * 65536);
            const rewritten = new Uint8Array(writeSnapshot(parsed.header, memory, parsed.pending));
            const original = new Uint8Array(snapshot.bytes);
            const identical = rewritten.length === original.length && rewritten.every((b, i) => b === original[i]);

            const continued = async (placement) => {
              const copy = DistributedWorker.restore(snapshot.bytes, { utility: arg.utility, placement });
              const reply = new Promise((resolve, reject) => { copy.onmessage = (e) => resolve(e.data); copy.onerror = (e) => reject(new Error(e.message)); });
              copy.postMessage({ i: 8 });
              const data = await within(reply, 20000, `the restored worker's reply (${placement})`);
              const where = copy.placement;
              copy.terminate();
              return { where, data };
            };
            return {
              identical, header: parsed.header, pages: parsed.pages.length, pending: parsed.pending.length,
              covers: [snapshot.coversMessagesThrough, snapshot.coversEventsThrough],
              local: await continued('local'), remote: await continued('remote'),
            };
            """, new { integrity = Integrity.Of("echo"), utility });

        result.GetProperty("identical").GetBoolean().Should().BeTrue("the writer gives back the utility's bytes from what the parser read");
        result.GetProperty("header").GetProperty("format").GetString().Should().Be("cu-snapshot-1");
        result.GetProperty("header").GetProperty("package").GetProperty("name").GetString().Should().Be("echo");
        result.GetProperty("pages").GetInt32().Should().BeGreaterThan(0);
        result.GetProperty("covers").GetRawText().Should().Be("[7,8]", "seven messages handled; seven replies and the first message's log line");
        result.GetProperty("local").GetProperty("where").GetString().Should().Be("local");
        result.GetProperty("local").GetProperty("data").GetRawText().Should().Be("""{"count":8,"echo":{"i":8}}""");
        result.GetProperty("remote").GetProperty("where").GetString().Should().Be("remote");
        result.GetProperty("remote").GetProperty("data").GetRawText().Should().Be("""{"count":8,"echo":{"i":8}}""");
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_worker_moved_from_the_utility_to_the_page_continues_its_counter_with_no_gap_and_no_repeat()
    {
        var utility = fixture.Utility.Origin;
        await using var page = await ShimPage.OpenAsync(fixture.Browser, utility + "/");

        var result = await page.RunAsync(utility + "/shim/distributed-worker.js", Helpers + """
            const worker = new DistributedWorker('/demo/echo/manifest.json', { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utility, placement: 'remote' });
            window.echo(worker);
            window.send(worker, 1, 30);
            await window.until(20);
            const moving = worker.moveTo('local');
            window.send(worker, 31, 40);                 // posted while it moves: they wait and follow
            const moved = await within(moving, 20000, 'the move');
            window.send(worker, 41, 50);
            await window.until(50);
            worker.terminate();
            return { moved: { placement: moved.placement, reason: moved.reason }, counts: window.counts, mismatches: window.mismatches };
            """, new { integrity = Integrity.Of("echo"), utility });

        result.GetProperty("moved").GetProperty("placement").GetString().Should().Be("local");
        result.GetProperty("moved").GetProperty("reason").GetString().Should().Contain("with its state");
        result.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).Should().Equal(Enumerable.Range(1, 50));
        result.GetProperty("mismatches").GetArrayLength().Should().Be(0);
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_local_worker_moved_to_a_utility_by_uploading_its_snapshot_continues_its_counter()
    {
        var utility = fixture.Utility.Origin;
        await using var page = await ShimPage.OpenAsync(fixture.Browser, utility + "/");

        var result = await page.RunAsync(utility + "/shim/distributed-worker.js", Helpers + """
            const worker = new DistributedWorker('/demo/echo/manifest.json', { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utility, placement: 'local' });
            window.echo(worker);
            window.send(worker, 1, 25);
            const moving = worker.moveTo(arg.utility);
            const moved = await within(moving, 20000, 'the move');
            window.send(worker, 26, 50);
            await window.until(50);
            const where = { placement: worker.placement, utility: worker.utility };
            worker.terminate();
            return { moved: moved.snapshot.coversMessagesThrough, where, counts: window.counts, mismatches: window.mismatches };
            """, new { integrity = Integrity.Of("echo"), utility });

        result.GetProperty("moved").GetInt32().Should().Be(25, "the local worker handles what was posted before it takes its snapshot");
        result.GetProperty("where").GetProperty("placement").GetString().Should().Be("remote");
        result.GetProperty("where").GetProperty("utility").GetString().Should().Be(utility);
        result.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).Should().Equal(Enumerable.Range(1, 50));
        result.GetProperty("mismatches").GetArrayLength().Should().Be(0);
        page.Errors.Should().BeEmpty();
    }
}
