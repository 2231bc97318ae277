namespace ComputeUtility.Browser.Tests.Extension;

/// <summary>Page scripts the extension tests run with <see cref="Infrastructure.ShimPage.RunAsync"/>: none names a utility.</summary>
internal static class ExtensionScripts
{
    /// <summary>One echo with the placement asked for; returns where the worker ran, why, and the reply.</summary>
    public const string Echo = """
        const worker = new DistributedWorker(arg.manifest, { integrity: arg.integrity, placement: arg.placement });
        const reply = new Promise((resolve, reject) => {
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => reject(new Error(e.message));
        });
        await within(worker.ready, 60000, 'the worker starting');
        worker.postMessage({ from: location.origin });
        const echoed = await within(reply, 60000, 'a reply');
        const result = { placement: worker.placement, reason: worker.placementReason, utility: worker.utility, reply: echoed };
        worker.terminate();
        return result;
        """;

    /// <summary>
    /// Every value a page can read from a worker and its events, as [where, JSON] pairs: properties, the ready value,
    /// each event's detail, data and error, the snapshots (their headers parsed), a start the utility refuses (wrong
    /// integrity), and the page's resource timing. The utility is named only when <c>arg.utility</c> is (the shim's way).
    /// </summary>
    public const string Readable = """
        const { parseSnapshot } = await import(arg.shim);
        const readable = [];
        const bytes = (v) => { try { return { snapshotHeader: parseSnapshot(v).header }; } catch { return `${v.byteLength} bytes`; } };
        const keep = (where, value) => readable.push([where, JSON.stringify(value ?? null, (k, v) =>
          v instanceof ArrayBuffer ? bytes(v) : v instanceof Error ? { name: v.name, message: v.message, problem: v.problem } : v)]);
        const options = { integrity: arg.integrity, placement: 'remote', snapshots: { everyMessages: 2 } };
        if (arg.utility) options.utility = arg.utility;
        const worker = new DistributedWorker(arg.manifest, options);
        for (const type of ['message', 'placement', 'snapshot', 'log', 'failover', 'exit']) {
          worker.addEventListener(type, (e) => keep(`event ${type}`, { detail: e.detail, data: e.data }));
        }
        worker.addEventListener('error', (e) => keep('event error', { message: e.message, error: e.error }));
        keep('ready', await within(worker.ready, 60000, 'ready'));
        let replies = 0;
        const four = new Promise((resolve) => worker.addEventListener('message', () => { if (++replies === 4) resolve(); }));
        for (let i = 0; i < 4; i++) worker.postMessage({ i });
        await within(four, 60000, 'four replies');
        // The automatic snapshots only (every 2 messages): an explicit snapshot() racing them hung once in three runs on
        // this loaded machine, in which mode is not known yet (see the issue note); the values it returns are the same shape.
        await within(new Promise((resolve) => { const t = setInterval(() => { if (worker.lastSnapshot) { clearInterval(t); resolve(); } }, 10); }), 120000,
          `a committed snapshot (${arg.utility ? 'shim' : 'extension'})`);
        for (const p of ['placement', 'placementReason', 'utility', 'candidates', 'lastSnapshot']) keep(`worker.${p}`, worker[p]);
        keep('own properties', Object.keys(worker));
        worker.terminate();
        const bad = new DistributedWorker(arg.manifest, { ...options, snapshots: undefined, integrity: 'sha256-' + 'A'.repeat(43) + '=' });
        bad.addEventListener('error', (e) => keep('event error (refused start)', { message: e.message, error: e.error }));
        bad.addEventListener('exit', (e) => keep('event exit (refused start)', e.detail));
        try { keep('ready (refused start)', await within(bad.ready, 60000, 'a refused start')); } catch (e) { keep('ready rejection (refused start)', e); }
        keep('bad.placementReason', bad.placementReason);
        keep('resource timing', performance.getEntriesByType('resource').map((e) => e.name));
        return readable;
        """;
}
