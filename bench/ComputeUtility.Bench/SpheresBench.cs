namespace ComputeUtility.Bench;

/// <summary>
/// Row 6: the spheres kernel (N=1000, STEPS=300) on the utility, natively and under Node's WASI;
/// the three must print the same checksum line, then the utility is compared with both.
/// Each peer is measured even if another fails, so one broken peer does not hide the rest.
/// </summary>
internal sealed class SpheresBench(BenchOptions options, UtilityClient client)
{
    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        const string utilityTarget = "≤ 1.3× native and ≤ Node WASI";
        var rows = new List<ResultRow>();
        var utility = await Measure("6a", "Kernel spheres 1000×300 on the utility (task), ms", utilityTarget,
            () => new UtilityKernelPeer(client, options.KernelRuns).RunAsync(), rows);
        var native = await Measure("6b", "Kernel spheres, native C (-O3), ms", "— (baseline)",
            () => new NativeKernelPeer(options.NativeBinary, options.RepoRoot, options.KernelRuns).RunAsync(), rows);
        var nodePeer = new NodeKernelPeer(options.Node, options.RepoRoot, options.KernelRuns);
        var node = await Measure("6c", "Kernel spheres, Node 20 WASI, ms", "— (peer)", nodePeer.RunAsync, rows);
        var crashes = nodePeer.Crashes == 0 ? "none" : $"{nodePeer.Crashes}: " + string.Join(" / ", nodePeer.CrashNotes);
        rows.Add(new ResultRow("6c'", "Node WASI crashes (retried, up to 3 attempts)", crashes, "— (recorded)", Verdict.NoTarget));

        var lines = new[] { utility?.Line, native?.Line, node?.Line };
        var identical = lines.All(l => l is not null) && lines.Distinct().Count() == 1;
        rows.Add(new ResultRow("6d", "Kernel checksums identical (utility, native, node)",
            identical ? "identical: " + lines[0] : $"utility '{lines[0] ?? "n/a"}'; native '{lines[1] ?? "n/a"}'; node '{lines[2] ?? "n/a"}'",
            "identical", ResultRow.Check(identical)));

        if (utility is not null && native is not null && node is not null)
        {
            var toNative = utility.MedianMs / native.MedianMs;
            var toNode = utility.MedianMs / node.MedianMs;
            rows.Add(new ResultRow("6e", "Ratios utility/native, utility/node",
                $"{toNative:0.00}× native (native incl. process start), {toNode:0.00}× node", "≤ 1.30× native, ≤ 1.00× node",
                ResultRow.Check(toNative <= 1.3 && toNode <= 1.0)));
        }
        else
        {
            rows.Add(new ResultRow("6e", "Ratios utility/native, utility/node", "not computed: a peer failed", "≤ 1.30× native, ≤ 1.00× node",
                Verdict.Failed));
        }

        return rows;
    }

    private static async Task<KernelFigure?> Measure(string number, string measure, string target, Func<Task<KernelFigure>> run,
        List<ResultRow> rows)
    {
        try
        {
            var figure = await run();
            rows.Add(new ResultRow(number, measure, $"median {figure.MedianMs:0.0} ms — {figure.Detail}", target, Verdict.NoTarget));
            return figure;
        }
        catch (Exception ex) when (ex is BenchFailure or HttpRequestException or OperationCanceledException)
        {
            rows.Add(ResultRow.Failure(number, measure, target, ex));
            return null;
        }
    }
}
