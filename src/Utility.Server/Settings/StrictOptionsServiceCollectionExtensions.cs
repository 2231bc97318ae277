using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Settings;

/// <summary>How every feature binds its options: from its own configuration section, validated when the utility starts.</summary>
internal static class StrictOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/>, where a misspelt key fails start instead of
    /// being ignored, and validates it at start (data annotations and any <see cref="IValidateOptions{TOptions}"/>).
    /// </summary>
    public static OptionsBuilder<TOptions> AddStrictOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
