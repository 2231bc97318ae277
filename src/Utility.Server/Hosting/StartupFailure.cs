using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Hosting;

/// <summary>Settings the utility cannot start with: said plainly, with what to fix, instead of a stack trace.</summary>
internal static class StartupFailure
{
    public static bool IsConfigurationError(Exception e) => e switch
    {
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsConfigurationError),
        ConfigurationProblem or OptionsValidationException => true,
        InvalidDataException => true, // a settings file that is not JSON
        InvalidOperationException when e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("BinderOptions", StringComparison.Ordinal) => true,
        _ => false,
    };

    public static void Report(Exception e, TextWriter error)
    {
        error.WriteLine("compute-utility: cannot start with these settings:");
        foreach (var failure in Failures(e).Distinct(StringComparer.Ordinal))
        {
            error.WriteLine($"  - {failure}");
        }

        error.WriteLine($"Settings come from appsettings.json, your file ({UserConfigurationFile.DefaultPath} or --config FILE), environment variables and --Section:Key=value; each is described in docs/configuration.md.");
    }

    /// <summary>"DataAnnotation validation failed for 'LimitsOptions' members: 'MaxWorkers' with the error: '…'." → "Limits:MaxWorkers: …".</summary>
    private static string Readable(string failure)
    {
        var match = System.Text.RegularExpressions.Regex.Match(failure,
            "^DataAnnotation validation failed for '(?<type>\\w+?)(Options)?' members: '(?<member>[^']+)' with the error: '(?<error>.*)'\\.?$");
        return match.Success ? $"{match.Groups["type"].Value}:{match.Groups["member"].Value}: {match.Groups["error"].Value}" : failure;
    }

    private static IEnumerable<string> Failures(Exception e)
    {
        switch (e)
        {
            case AggregateException all:
                return all.InnerExceptions.SelectMany(Failures);
            case ConfigurationProblem problem:
                return problem.Failures;
            case OptionsValidationException validation:
                return validation.Failures.Select(Readable);
            case InvalidDataException data:
                return [$"{data.Message} {data.InnerException?.Message}".Trim()];
            default:
                var message = e.Message;
                const string Unknown = "the following properties were not found on the instance of ";
                if (message.IndexOf(Unknown, StringComparison.Ordinal) is var at and >= 0)
                {
                    var rest = message[(at + Unknown.Length)..];
                    var type = rest[..rest.IndexOf(':', StringComparison.Ordinal)];
                    var section = type[(type.LastIndexOf('.') + 1)..].Replace("Options", "", StringComparison.Ordinal);
                    return [$"unknown setting(s) in section '{section}':{rest[(rest.IndexOf(':', StringComparison.Ordinal) + 1)..].TrimEnd('.')} — check the spelling against docs/configuration.md."];
                }

                return [message];
        }
    }
}
