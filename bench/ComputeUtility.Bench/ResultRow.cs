namespace ComputeUtility.Bench;

/// <summary>One line of the results table: what was measured, the figure, the target beside it, and whether it was met.</summary>
internal sealed record ResultRow(string Number, string Measure, string Result, string Target, Verdict Verdict)
{
    public static ResultRow Failure(string number, string measure, string target, Exception error) =>
        new(number, measure, "FAILED: " + error.Message.ReplaceLineEndings(" ⏎ "), target, Verdict.Failed);

    public static Verdict Check(bool met) => met ? Verdict.Met : Verdict.Missed;
}
