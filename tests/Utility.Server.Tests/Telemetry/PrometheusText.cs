namespace ComputeUtility.Server.Tests.Telemetry;

/// <summary>A scrape of /metrics, read just enough to add up the samples of one metric with given labels.</summary>
internal sealed partial class PrometheusText(string text)
{
    public string Text => text;

    /// <summary>The sum of every sample of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    public double Sum(string metric, params (string Name, string Value)[] labels) =>
        Sample().Matches(text)
            .Where(m => m.Groups["name"].Value == metric)
            .Where(m => labels.All(l => m.Groups["labels"].Value.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
