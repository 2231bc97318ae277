using System.Text;
using System.Text.Json;
using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Running;
using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Conformance.Reports;

/// <summary>An implementation report in the W3C style: the target at the top, then requirement id → result.</summary>
public static class MarkdownReport
{
    public static string Build(SuiteReport report)
    {
        var text = new StringBuilder();
        var d = report.Descriptor;
        text.AppendLine("# Compute Utility implementation report").AppendLine();
        text.AppendLine($"- Target: `{report.Target}`");
        if (d is { } descriptor)
        {
            text.AppendLine($"- Implementation: {Get(descriptor, "implementation", "name")} {Get(descriptor, "implementation", "version")}; " +
                            $"API {Get(descriptor, "apiVersion")}; runtime {Get(descriptor, "runtimes", "0", "name")} {Get(descriptor, "runtimes", "0", "version")}");
            text.AppendLine($"- Features: {string.Join(", ", Array(descriptor, "features"))}");
        }

        text.AppendLine($"- Profiles run: {string.Join(", ", report.Profiles)}");
        text.AppendLine($"- Run: {report.StartedAt:yyyy-MM-dd HH:mm} UTC, {report.Duration.TotalSeconds:0.0} s; " +
                        $"checks: {report.Count(Outcome.Passed)} passed, {report.Count(Outcome.Failed)} failed, {report.Count(Outcome.NotApplicable)} not applicable, " +
                        $"{report.Count(Outcome.NotImplemented)} not implemented, {report.Count(Outcome.NotTested)} not tested");
        text.AppendLine($"- Result: **{(report.Passed ? "conforms" : "does not conform")}** to the profiles run");
        if (report.SetupError is { } error)
        {
            text.AppendLine().AppendLine($"Setup failed: {error}");
        }

        text.AppendLine().AppendLine("| Requirement | Class | Level | Result | Checks | Comment |").AppendLine("|---|---|---|---|---|---|");
        foreach (var r in report.ByRequirement())
        {
            var comment = r.Checks.Where(c => c.Outcome != Outcome.Passed && c.Message is not null).Select(c => c.Message!).FirstOrDefault() ?? "";
            text.AppendLine($"| {r.Requirement.Id} | {r.Requirement.Class} | {Level(r.Requirement.Level)} | {r.Status} | " +
                            $"{string.Join(", ", r.Checks.Select(c => c.Id))} | {Escape(comment)} |");
        }

        return text.ToString();
    }

    private static string Level(RequirementLevel level) => level switch
    {
        RequirementLevel.Must => "MUST",
        RequirementLevel.Should => "SHOULD",
        _ => "MAY",
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Get(JsonElement element, params string[] path)
    {
        foreach (var part in path)
        {
            if (element.ValueKind == JsonValueKind.Array && int.TryParse(part, out var index) && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(part, out var next))
            {
                element = next;
            }
            else
            {
                return "?";
            }
        }

        return element.ToString();
    }

    private static IEnumerable<string> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => e.ToString())
            : [];
}
