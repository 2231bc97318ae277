using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Descriptor;

/// <summary>Checks the utility's own settings at start: the secret's file must not depend on the folder it was started from.</summary>
internal sealed class UtilityOptionsValidator : IValidateOptions<UtilityOptions>
{
    public ValidateOptionsResult Validate(string? name, UtilityOptions options) =>
        options.SecretFile is { Length: > 0 } file && !Path.IsPathFullyQualified(file)
            ? ValidateOptionsResult.Fail($"Utility:SecretFile must be an absolute path, not '{file}'.")
            : ValidateOptionsResult.Success;
}
