using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Running;

namespace ComputeUtility.Conformance.Reports;

/// <summary>The table printed at the end of a run: per profile, then the failed requirements.</summary>
public static class ConsoleSummary
{
    public static void Write(SuiteReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| profile | pass | fail | n/a | not implemented | not tested |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var profile in report.Checks.GroupBy(c => c.Profile))
        {
            output.WriteLine($"| {profile.Key} | {profile.Count(c => c.Outcome == Outcome.Passed)} | {profile.Count(c => c.Outcome == Outcome.Failed)} | {profile.Count(c => c.Outcome == Outcome.NotApplicable)} | " +
                             $"{profile.Count(c => c.Outcome == Outcome.NotImplemented)} | {profile.Count(c => c.Outcome == Outcome.NotTested)} |");
        }

        var requirements = report.ByRequirement();
        output.WriteLine();
        output.WriteLine($"requirements: {requirements.Count(r => r.Outcome == Outcome.Passed)} pass, {requirements.Count(r => r.Outcome == Outcome.Failed)} fail, " +
                         $"{requirements.Count(r => r.Outcome == Outcome.NotApplicable)} not applicable, " +
                         $"{requirements.Count(r => r.Outcome == Outcome.NotImplemented)} not implemented, {requirements.Count(r => r.Outcome is null)} not tested");
        foreach (var failed in requirements.Where(r => r.Outcome == Outcome.Failed))
        {
            output.WriteLine($"  FAIL {failed.Requirement.Id}: {failed.Checks.First(c => c.Outcome == Outcome.Failed).Message}");
        }

        output.WriteLine(report.Passed
            ? $"cu-conformance: PASS ({report.Duration.TotalSeconds:0.0} s)"
            : $"cu-conformance: FAIL ({report.Duration.TotalSeconds:0.0} s)");
    }
}
