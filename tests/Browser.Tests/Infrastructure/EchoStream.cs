namespace ComputeUtility.Browser.Tests.Infrastructure;

/// <summary>The page side of the fail-over tests: a remote echo worker fed a steady stream of numbered messages.</summary>
internal static class EchoStream
{
    /// <summary>
    /// Sends {"i": 1..total} one every 5 ms, pausing after 150 until window.go (so the test breaks the utility mid-run),
    /// with a snapshot every 20 messages. window.counts gathers the echo counts, window.mismatches the replies whose count
    /// is not their i, window.committed what each snapshot covers, window.happened every failover and error (for the
    /// test's output); window.failover resolves with the first failover's detail. window.noticedAt and
    /// window.failedOverAt are the page's clock when the shim gave the channel up and when the worker ran again elsewhere.
    /// </summary>
    public const string Script = """
        const worker = (window.worker = new DistributedWorker('/packages/echo/manifest.json',
          { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utilities, placement: 'remote', snapshots: { everyMessages: 20 } }));
        window.counts = [];
        window.mismatches = [];
        window.committed = [];
        window.happened = []; // every failover and error, for the test's output
        worker.addEventListener('failover', (e) => window.happened.push(`failover: ${e.detail.reason} → ${e.detail.to.placement} ${e.detail.to.utility}`));
        worker.addEventListener('error', (e) => window.happened.push(`error: ${e.message}`));
        window.failover = new Promise((resolve) => worker.addEventListener('failover', (e) => {
          window.failedOverAt = performance.now();
          resolve(e.detail);
        }));
        worker.addEventListener('snapshot', (e) => window.committed.push(e.detail.coversMessagesThrough));
        worker.onmessage = (e) => {
          window.counts.push(e.data.count);
          if (e.data.count !== e.data.echo.i) window.mismatches.push(e.data);
        };
        const started = await worker.ready;
        // The shim marks the worker 'pending' the moment it gives the channel up: when the silence was noticed.
        const watch = setInterval(() => { if (worker.placement === 'pending') { window.noticedAt = performance.now(); clearInterval(watch); } }, 5);
        let i = 0;
        window.go = false;
        const timer = setInterval(() => {
          if (i === 150 && !window.go) return;
          worker.postMessage({ i: ++i });
          if (i === arg.total) clearInterval(timer);
        }, 5);
        return started;
        """;
}
