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
}
