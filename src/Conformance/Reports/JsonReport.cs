using System.Text.Json;
using System.Text.Json.Nodes;
using ComputeUtility.Conformance.Running;

namespace ComputeUtility.Conformance.Reports;

/// <summary>The machine-readable report: the run, every check, every requirement's status.</summary>
public static class JsonReport
{
    public static JsonObject Build(SuiteReport report) => new()
    {
        ["suite"] = "cu-conformance",
        ["target"] = report.Target.ToString(),
        ["profiles"] = new JsonArray(report.Profiles.Select(p => (JsonNode?)p).ToArray()),
        ["startedAt"] = report.StartedAt.ToString("O"),
        ["durationSeconds"] = Math.Round(report.Duration.TotalSeconds, 3),
        ["passed"] = report.Passed,
        ["setupError"] = report.SetupError,
        ["descriptor"] = report.Descriptor is { } d ? JsonNode.Parse(d.GetRawText()) : null,
        ["checks"] = new JsonArray(report.Checks.Select(c => (JsonNode?)new JsonObject
        {
            ["id"] = c.Id,
            ["title"] = c.Title,
            ["profile"] = c.Profile,
            ["requirements"] = new JsonArray(c.Requirements.Select(r => (JsonNode?)r).ToArray()),
            ["outcome"] = c.Outcome.ToString(),
            ["required"] = c.Required,
            ["message"] = c.Message,
            ["durationMs"] = Math.Round(c.Duration.TotalMilliseconds, 1),
        }).ToArray()),
        ["requirements"] = new JsonArray(report.ByRequirement().Select(r => (JsonNode?)new JsonObject
        {
            ["id"] = r.Requirement.Id,
            ["class"] = r.Requirement.Class,
            ["level"] = r.Requirement.Level.ToString(),
            ["status"] = r.Status,
            ["checks"] = new JsonArray(r.Checks.Select(c => (JsonNode?)c.Id).ToArray()),
        }).ToArray()),
    };

    public static string Write(SuiteReport report) => Build(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
