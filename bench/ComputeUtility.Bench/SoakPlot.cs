namespace ComputeUtility.Bench;

/// <summary>
/// Draws the soak's samples as an SVG: RSS on top (with the baseline and the +10 % line), open handles and threads
/// below, time along the bottom, the loaded part shaded. Plain SVG, no script: it renders on any page.
/// </summary>
internal static class SoakPlot
{
    private const int Width = 960;
    private const int PanelHeight = 230;
    private const int Left = 70;
    private const int Right = 30;
    private const int Top = 64;
    private const int Gap = 70;

    public static string Svg(IReadOnlyList<SoakSample> samples, SoakSample baseline, double loadSeconds, string title)
    {
        var maxSeconds = Math.Max(samples.Max(s => s.Seconds), 1);
        var mib = samples.Select(s => s.RssBytes / 1048576.0).ToArray();
        var memoryTop = NiceCeiling(Math.Max(mib.Max(), baseline.RssBytes / 1048576.0 * 1.1));
        var countTop = NiceCeiling(Math.Max(samples.Max(s => s.Handles), samples.Max(s => s.Threads)));
        var height = Top + (2 * PanelHeight) + Gap + 50;
        var svg = new StringBuilder();
        svg.Append(Invariant($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="DejaVu Sans, sans-serif" font-size="12">"""));
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"24\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>"));

        var memoryPanel = new Panel(Top, memoryTop, "RSS (MiB)");
        var countPanel = new Panel(Top + PanelHeight + Gap, countTop, "open handles, threads");
        foreach (var panel in new[] { memoryPanel, countPanel })
        {
            var loadRight = X(loadSeconds, maxSeconds);
            svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{panel.Top}\" width=\"{loadRight - Left:0.#}\" height=\"{PanelHeight}\" fill=\"#eef3fb\"/>"));
            svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{panel.Top}\" width=\"{Width - Left - Right}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#99a\"/>"));
            for (var i = 0; i <= 4; i++)
            {
                var value = panel.Max * i / 4;
                var y = panel.Y(value);
                svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#e3e6ea\"/>"));
                svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" fill=\"#555\">{value:0}</text>"));
            }

            svg.Append(Invariant($"<text x=\"16\" y=\"{panel.Top + (PanelHeight / 2)}\" transform=\"rotate(-90 16 {panel.Top + (PanelHeight / 2)})\" text-anchor=\"middle\" fill=\"#333\">{panel.Label}</text>"));
            svg.Append(Invariant($"<text x=\"{Left + 6}\" y=\"{panel.Top + 16}\" fill=\"#4a6fa5\">load</text>"));
            svg.Append(Invariant($"<text x=\"{loadRight + 6:0.#}\" y=\"{panel.Top + 16}\" fill=\"#777\">settling</text>"));
        }

        var baselineMib = baseline.RssBytes / 1048576.0;
        Line(svg, memoryPanel.Y(baselineMib), "#1a7f37", "4 3");
        Line(svg, memoryPanel.Y(baselineMib * 1.1), "#9a6700", "2 3");
        svg.Append(Polyline(samples.Select((s, i) => (X(s.Seconds, maxSeconds), memoryPanel.Y(mib[i]))), "#1f6feb"));
        svg.Append(Polyline(samples.Select(s => (X(s.Seconds, maxSeconds), countPanel.Y(s.Handles))), "#cf222e"));
        svg.Append(Polyline(samples.Select(s => (X(s.Seconds, maxSeconds), countPanel.Y(s.Threads))), "#8250df"));
        Legend(svg, memoryPanel.Top - 8, ("RSS", "#1f6feb"), (Invariant($"baseline {baselineMib:0} MiB"), "#1a7f37"), ("baseline + 10 %", "#9a6700"));
        Legend(svg, countPanel.Top - 8, ("open handles (fds)", "#cf222e"), ("threads", "#8250df"));

        var axisY = countPanel.Top + PanelHeight;
        var stepMinutes = maxSeconds > 900 ? 2 : 1;
        for (var minute = 0; minute * 60 <= maxSeconds; minute += stepMinutes)
        {
            var x = X(minute * 60, maxSeconds);
            svg.Append(Invariant($"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{axisY}\" y2=\"{axisY + 5}\" stroke=\"#555\"/>"));
            svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{axisY + 18}\" text-anchor=\"middle\" fill=\"#555\">{minute}</text>"));
        }

        svg.Append(Invariant($"<text x=\"{Left + ((Width - Left - Right) / 2)}\" y=\"{axisY + 38}\" text-anchor=\"middle\" fill=\"#333\">minutes</text>"));
        svg.Append("</svg>\n");
        return svg.ToString();

        void Line(StringBuilder into, double y, string color, string dash) =>
            into.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{color}\" stroke-dasharray=\"{dash}\"/>"));

        // Above a panel, left to right: a short line of each series' colour and its name.
        void Legend(StringBuilder into, double y, params (string Label, string Color)[] series)
        {
            var x = (double)Left;
            foreach (var (label, color) in series)
            {
                into.Append(Invariant($"<line x1=\"{x:0.#}\" x2=\"{x + 18:0.#}\" y1=\"{y - 4:0.#}\" y2=\"{y - 4:0.#}\" stroke=\"{color}\" stroke-width=\"2\"/>"));
                into.Append(Invariant($"<text x=\"{x + 24:0.#}\" y=\"{y:0.#}\" fill=\"#333\">{Escape(label)}</text>"));
                x += 40 + (label.Length * 7);
            }
        }
    }

    private static double X(double seconds, double maxSeconds) => Left + (seconds / maxSeconds * (Width - Left - Right));

    private static string Polyline(IEnumerable<(double X, double Y)> points, string color) =>
        $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.6\" points=\"{string.Join(' ', points.Select(p => Invariant($"{p.X:0.#},{p.Y:0.#}")))}\"/>";

    /// <summary>1, 2 or 5 times a power of ten, at or above <paramref name="value"/>.</summary>
    private static double NiceCeiling(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(value, 1))));
        foreach (var step in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Panel(double Top, double Max, string Label)
    {
        public double Y(double value) => Top + PanelHeight - (value / Max * PanelHeight);
    }
}
