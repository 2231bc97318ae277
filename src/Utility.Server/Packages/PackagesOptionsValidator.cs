using ComputeUtility.Server.Settings;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Packages;

/// <summary>Checks the package origins and the cache folder at start.</summary>
internal sealed class PackagesOptionsValidator : IValidateOptions<PackagesOptions>
{
    public ValidateOptionsResult Validate(string? name, PackagesOptions options)
    {
        var errors = OriginListRule.Check("Packages:AllowedOrigins", options.AllowedOrigins, allowWildcard: false);
        if (options.CacheDirectory is { Length: > 0 } dir && !Path.IsPathFullyQualified(dir))
        {
            errors.Add($"Packages:CacheDirectory must be an absolute path, not '{dir}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
