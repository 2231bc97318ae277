using ComputeUtility.Server.Origins;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Storage;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Hosting;

/// <summary>Checks origin lists at start, so a typo fails loudly instead of silently refusing every package.</summary>
internal sealed class OriginListValidator : IValidateOptions<PackagesOptions>, IValidateOptions<CorsOptions>
{
    public ValidateOptionsResult Validate(string? name, PackagesOptions options)
    {
        var errors = Check("Packages:AllowedOrigins", options.AllowedOrigins, allowWildcard: false);
        if (options.CacheDirectory is { Length: > 0 } dir && !Path.IsPathFullyQualified(dir))
        {
            errors.Add($"Packages:CacheDirectory must be an absolute path, not '{dir}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, CorsOptions options)
    {
        var errors = Check("Cors:AllowedOrigins", options.AllowedOrigins, allowWildcard: true);
        if (options.OriginPermissionFile is { Length: > 0 } file && !Path.IsPathFullyQualified(file))
        {
            errors.Add($"Cors:OriginPermissionFile must be an absolute path, not '{file}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static List<string> Check(string key, IEnumerable<string> origins, bool allowWildcard)
    {
        var errors = new List<string>();
        foreach (var origin in origins)
        {
            if (allowWildcard && origin == "*")
            {
                continue;
            }

            if (PageOrigin.Normalise(origin) is not null && origin.StartsWith("chrome-extension://", StringComparison.OrdinalIgnoreCase))
            {
                continue; // a browser extension's origin, e.g. the Compute Utility extension's (src/Browser.Extension)
            }

            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")
                || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                errors.Add($"{key} entry '{origin}' is not an origin; write it as scheme://host[:port], e.g. https://app.example.");
            }
        }

        return errors;
    }
}
