using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.RateLimits;

/// <summary>Checks both budgets at start, so a typo fails the start with the setting to fix.</summary>
internal sealed class RateLimitValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        Check(errors, RateBudgets.Work, options.Work);
        Check(errors, RateBudgets.Requests, options.Requests);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string budget, RateBudgetOptions? options)
    {
        var key = $"{RateLimitOptions.Section}:{char.ToUpperInvariant(budget[0])}{budget[1..]}";
        if (options is null)
        {
            errors.Add($"{key} is missing; give it Burst and PerSecond.");
            return;
        }

        if (options.Burst is < 1 or > RateBudgetOptions.Max)
        {
            errors.Add($"{key}:Burst must be between 1 and {RateBudgetOptions.Max} (requests a client may make at once), not {options.Burst}.");
        }

        if (options.PerSecond is < 1 or > RateBudgetOptions.Max)
        {
            errors.Add($"{key}:PerSecond must be between 1 and {RateBudgetOptions.Max} (requests a client may make each second), not {options.PerSecond}; to lift the limits set {RateLimitOptions.Section}:Enabled to false.");
        }
    }
}
