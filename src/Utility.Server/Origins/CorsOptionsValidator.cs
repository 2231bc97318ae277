using ComputeUtility.Server.Settings;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Origins;

/// <summary>Checks the page origins and the decisions file at start.</summary>
internal sealed class CorsOptionsValidator : IValidateOptions<CorsOptions>
{
    public ValidateOptionsResult Validate(string? name, CorsOptions options)
    {
        // A browser extension's origin (the Compute Utility extension's, src/Browser.Extension) is a page origin too.
        var webOrigins = options.AllowedOrigins.Where(origin =>
            !(origin.StartsWith("chrome-extension://", StringComparison.OrdinalIgnoreCase) && PageOrigin.Normalise(origin) is not null));
        var errors = OriginListRule.Check("Cors:AllowedOrigins", webOrigins, allowWildcard: true);
        if (options.OriginPermissionFile is { Length: > 0 } file && !Path.IsPathFullyQualified(file))
        {
            errors.Add($"Cors:OriginPermissionFile must be an absolute path, not '{file}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
