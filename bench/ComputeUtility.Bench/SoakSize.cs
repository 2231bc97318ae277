namespace ComputeUtility.Bench;

/// <summary>How long and how wide row 10 runs, and where its samples (CSV) and plot (SVG) go.</summary>
internal sealed record SoakSize(TimeSpan Duration, int Workers, int WebSocketMessages, int HttpMessages, string CsvPath, string PlotPath);
