using System.Globalization;
using System.Xml.Linq;
using ComputeUtility.Conformance.Checks;
using ComputeUtility.Conformance.Running;

namespace ComputeUtility.Conformance.Reports;

/// <summary>JUnit XML for CI systems: one test suite per profile, one test case per check.</summary>
public static class JUnitReport
{
    public static XDocument Build(SuiteReport report)
    {
        var suites = new XElement("testsuites",
            new XAttribute("name", "cu-conformance"),
            new XAttribute("tests", report.Checks.Count),
            new XAttribute("failures", report.Count(Outcome.Failed) + (report.SetupError is null ? 0 : 1)),
            new XAttribute("time", Seconds(report.Duration)));
        if (report.SetupError is { } error)
        {
            suites.Add(new XElement("testsuite", new XAttribute("name", "setup"), new XAttribute("tests", 1), new XAttribute("failures", 1),
                new XElement("testcase", new XAttribute("name", "setup"), new XAttribute("classname", "setup"),
                    new XElement("failure", new XAttribute("message", error)))));
        }

        foreach (var profile in report.Checks.GroupBy(c => c.Profile))
        {
            var suite = new XElement("testsuite",
                new XAttribute("name", profile.Key),
                new XAttribute("tests", profile.Count()),
                new XAttribute("failures", profile.Count(c => c.Outcome == Outcome.Failed)),
                new XAttribute("skipped", profile.Count(c => c.Outcome is not Outcome.Passed and not Outcome.Failed)),
                new XAttribute("time", Seconds(TimeSpan.FromTicks(profile.Sum(c => c.Duration.Ticks)))));
            foreach (var check in profile)
            {
                var testcase = new XElement("testcase",
                    new XAttribute("name", $"{check.Id} [{string.Join(" ", check.Requirements)}]"),
                    new XAttribute("classname", "cu-conformance." + check.Profile),
                    new XAttribute("time", Seconds(check.Duration)));
                if (check.Outcome == Outcome.Failed)
                {
                    testcase.Add(new XElement("failure", new XAttribute("message", check.Message ?? "failed"), check.Title));
                }
                else if (check.Outcome != Outcome.Passed)
                {
                    testcase.Add(new XElement("skipped", new XAttribute("message", check.Message ?? check.Outcome.ToString())));
                }

                suite.Add(testcase);
            }

            suites.Add(suite);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), suites);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
