using ComputeUtility.Discovery.Hosting;
using ComputeUtility.Server.Descriptor;

namespace ComputeUtility.Server.Tests.Hosting;

/// <summary>docs/configuration.md is the one description of the settings file: every setting is in it, and nothing that is not a setting.</summary>
public sealed class ConfigurationDocumentationTests
{
    private static readonly (string Section, Type Options)[] Sections =
    [
        (UtilityOptions.Section, typeof(UtilityOptions)),
        (LimitsOptions.Section, typeof(LimitsOptions)),
        (PackagesOptions.Section, typeof(PackagesOptions)),
        (CorsOptions.Section, typeof(CorsOptions)),
        (LanOptions.Section, typeof(LanOptions)),
        (DiscoveryOptions.Section, typeof(DiscoveryOptions)),
        (ComputeUtility.Discovery.Registration.DnsRegistrationOptions.Section, typeof(ComputeUtility.Discovery.Registration.DnsRegistrationOptions)),
        (ComputeUtility.Server.RateLimits.RateLimitOptions.Section, typeof(ComputeUtility.Server.RateLimits.RateLimitOptions)),
        (ComputeUtility.Server.Telemetry.TelemetryOptions.Section, typeof(ComputeUtility.Server.Telemetry.TelemetryOptions)),
    ];

    private static readonly string Document = File.ReadAllText(Path.Combine(Repo.Root, "docs", "configuration.md"));

    [Fact]
    public void Every_setting_of_every_section_is_documented()
    {
        var missing = Settings().Where(key => !Document.Contains($"`{key}`", StringComparison.Ordinal));

        missing.Should().BeEmpty("docs/configuration.md documents each setting as `Section:Key`");
    }

    [Fact]
    public void Every_documented_setting_exists()
    {
        var known = Settings().ToHashSet(StringComparer.Ordinal);
        var documented = System.Text.RegularExpressions.Regex.Matches(Document, "^\\| `(?<key>(Utility|Limits|Packages|Cors|Lan|Discovery|DnsRegistration|RateLimits|Telemetry)(:[A-Za-z0-9]+)+)`",
                System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups["key"].Value);

        documented.Where(key => !known.Contains(key)).Should().BeEmpty();
    }

    private static IEnumerable<string> Settings() => Sections.SelectMany(s => Keys(s.Section, s.Options));

    /// <summary>Setting keys of an options type; a nested options object (RateLimits:Work) has keys of its own.</summary>
    private static IEnumerable<string> Keys(string prefix, Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .SelectMany(p => p.PropertyType.Namespace?.StartsWith("ComputeUtility", StringComparison.Ordinal) == true && p.PropertyType.IsClass
                ? Keys($"{prefix}:{p.Name}", p.PropertyType)
                : [$"{prefix}:{p.Name}"]);
}
