using System.Globalization;

namespace ComputeUtility.Bench;

/// <summary>Row 13's lines: one per kernel (medians, ratios, checksums), the epoch cost, and the geometric means against the goals.</summary>
internal static class KernelTable
{
    private const double NativeGoal = 1.25;
    private const double NodeGoal = 1.00;

    public static IReadOnlyList<ResultRow> Rows(Dictionary<string, Dictionary<string, List<KernelLine>>> figures, int rounds)
    {
        var rows = new List<ResultRow>();
        var medians = new Dictionary<string, Dictionary<string, double>>();
        var letter = 'a';
        foreach (var (kernel, runs) in figures)
        {
            var median = runs.ToDictionary(p => p.Key, p => new Percentiles(p.Value.Select(l => l.Ms)).P50);
            medians[kernel] = median;
            var results = runs.Values.SelectMany(r => r).Select(l => l.Result).Distinct().ToList();
            var identical = results.Count == 1;
            var text = string.Join(", ", KernelSuite.Peers.Select(p => Invariant($"{p} {median[p]:0.0}")))
                + Invariant($"; task/native {Ratio(median, KernelSuite.Task, KernelSuite.Native)}, task/node {Ratio(median, KernelSuite.Task, KernelSuite.Node)}, ")
                + Invariant($"worker/native {Ratio(median, KernelSuite.Worker, KernelSuite.Native)}, worker/node {Ratio(median, KernelSuite.Worker, KernelSuite.Node)}; ")
                + (identical ? "checksums identical: " + results[0] : "CHECKSUMS DIFFER: " + string.Join(" | ", results));
            rows.Add(new ResultRow($"13{letter++}", $"Kernel {kernel}, ms (median of {rounds} interleaved rounds, kernel time inside each process)",
                text, "same checksum on every runtime", ResultRow.Check(identical)));
        }

        double Geomean(string over, string under) =>
            Math.Exp(medians.Values.Average(m => Math.Log(m[over] / m[under])));

        var epochCost = Geomean(KernelSuite.BareEpoch, KernelSuite.BareNoEpoch);
        rows.Add(new ResultRow($"13{letter++}", "Kernels: what is Wasmtime's and what is ours (geomean over the 4 kernels)",
            Invariant($"Wasmtime's epoch checks: bare host epochs on/off {epochCost:0.00}×; ours: utility task / bare host with epochs {Geomean(KernelSuite.Task, KernelSuite.BareEpoch):0.00}×, ")
            + Invariant($"worker / bare host with epochs {Geomean(KernelSuite.Worker, KernelSuite.BareEpoch):0.00}×; bare host without epochs / native {Geomean(KernelSuite.BareNoEpoch, KernelSuite.Native):0.00}×"),
            "— (reported)", Verdict.NoTarget));

        var taskNative = Geomean(KernelSuite.Task, KernelSuite.Native);
        var taskNode = Geomean(KernelSuite.Task, KernelSuite.Node);
        rows.Add(new ResultRow($"13{letter}", "Kernels: utility / native and utility / Node WASI, geomean over the 4 kernels, deadlines on",
            Invariant($"task {taskNative:0.00}× native, {taskNode:0.00}× node; worker {Geomean(KernelSuite.Worker, KernelSuite.Native):0.00}× native, ")
            + Invariant($"{Geomean(KernelSuite.Worker, KernelSuite.Node):0.00}× node; node / native {Geomean(KernelSuite.Node, KernelSuite.Native):0.00}×"),
            Invariant($"task ≤ {NativeGoal:0.00}× native, ≤ {NodeGoal:0.00}× node"), ResultRow.Check(taskNative <= NativeGoal && taskNode <= NodeGoal)));
        return rows;
    }

    private static string Ratio(Dictionary<string, double> median, string over, string under) => Invariant($"{median[over] / median[under]:0.00}×");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
