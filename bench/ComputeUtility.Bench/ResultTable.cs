namespace ComputeUtility.Bench;

/// <summary>Prints every row as one Markdown table, so the output pastes straight into bench/README.md.</summary>
internal static class ResultTable
{
    public static string Render(IReadOnlyList<ResultRow> rows, string heading)
    {
        var text = new StringBuilder();
        text.AppendLine(heading).AppendLine();
        text.AppendLine("| # | measure | result | target | met |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine($"| {row.Number} | {Cell(row.Measure)} | {Cell(row.Result)} | {Cell(row.Target)} | {Mark(row.Verdict)} |");
        }

        return text.ToString();
    }

    private static string Mark(Verdict verdict) => verdict switch
    {
        Verdict.Met => "yes",
        Verdict.Missed => "**NO**",
        Verdict.Failed => "**FAILED**",
        _ => "—",
    };

    // A '|' inside a cell would split the Markdown row.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
