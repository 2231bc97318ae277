namespace ComputeUtility.Browser.Tests.Shim;

[Collection(BrowserCollection.Name)]
public sealed class PlacementTests(BrowserFixture fixture)
{
    /// <summary>An 'auto' cubes worker that times a probe message on each side; returns where it went and why.</summary>
    private const string AutoCubesScript = """
        const worker = new DistributedWorker('/demo/cubes/manifest.json', {
          integrity: arg.integrity, timeoutMs: 30000, utility: arg.utility, placement: 'auto', probe: arg.probe, localWeight: arg.localWeight });
        await within(worker.ready, 60000, 'placement');
        const reply = new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); });
        worker.postMessage({ n: 1000, steps: 10, hash: 1 });
        const answer = await within(reply, 30000, 'a reply after placement');
        const result = { placement: worker.placement, reason: worker.placementReason, candidates: worker.candidates, answer };
        worker.terminate();
        return result;
        """;

    private static readonly object HeavyProbe = new { n = 1000, steps = 200, hash = 1 };

    [Fact]
    public async Task Auto_placement_sends_heavy_cubes_to_the_utility_when_local_work_is_dear()
    {
        // This test machine is also the utility (and its V8 runs the kernel about twice as fast as
        // the utility's Wasmtime), so the page plays a phone on battery: a slower CPU whose time is
        // dear, a local millisecond weighing 100 of the utility's. The heavy probe (1,000 spheres,
        // 200 steps, tens of milliseconds) then costs less remotely, round trip included, even on a
        // busy machine where the utility's guest (which runs below normal priority) took 12 times as
        // long as the page's copy (a weight of 10 once lost to that).
        var utility = fixture.Utility.Origin;
        await using var page = await ShimPage.OpenAsync(fixture.Browser, utility + "/");

        var heavy = await page.RunAsync(utility + "/shim/distributed-worker.js", AutoCubesScript,
            new { integrity = Integrity.Of("cubes"), utility, probe = HeavyProbe, localWeight = 100 });

        heavy.GetProperty("placement").GetString().Should().Be("remote", heavy.GetProperty("reason").GetString());
        heavy.GetProperty("reason").GetString().Should().Contain("the probe message took").And.Contain("weighed ×100");
        heavy.GetProperty("answer").GetProperty("steps").GetInt32().Should().Be(10);
    }

    [Fact]
    public async Task Auto_placement_runs_locally_when_the_utility_is_far_away()
    {
        // 150 ms each way: the probe's 300 ms of transit cost more than computing it here.
        await using var slow = new DelayingProxy(fixture.Utility.Url.Port, TimeSpan.FromMilliseconds(150));
        await using var page = await ShimPage.OpenAsync(fixture.Browser, slow.Origin + "/");

        var result = await page.RunAsync(slow.Origin + "/shim/distributed-worker.js", AutoCubesScript,
            new { integrity = Integrity.Of("cubes"), utility = slow.Origin, probe = HeavyProbe, localWeight = 1 });

        result.GetProperty("placement").GetString().Should().Be("local", result.GetProperty("reason").GetString());
        result.GetProperty("reason").GetString().Should().Contain("locally and");
        var remote = result.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("utility").GetString() == slow.Origin);
        remote.GetProperty("rttMs").GetDouble().Should().BeGreaterThan(250, "the descriptor round trip went through the slow link");
        result.GetProperty("answer").GetProperty("steps").GetInt32().Should().Be(10);
    }

    [Fact]
    public async Task Auto_placement_runs_locally_when_no_utility_answers()
    {
        var utility = fixture.Utility.Origin;
        var absent = $"http://127.0.0.1:{LoopbackPort.Free()}";
        await using var page = await ShimPage.OpenAsync(fixture.Browser, utility + "/");

        var result = await page.RunAsync(utility + "/shim/distributed-worker.js", AutoCubesScript,
            new { integrity = Integrity.Of("cubes"), utility = absent, probe = HeavyProbe, localWeight = 1 });

        result.GetProperty("placement").GetString().Should().Be("local");
        result.GetProperty("reason").GetString().Should().StartWith("no utility answered").And.Contain(absent);
        result.GetProperty("answer").GetProperty("n").GetInt32().Should().Be(1000);
    }
}
