using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComputeUtility.Server.Access;

/// <summary>Registers who may create work: the policy and the owner's access tokens.</summary>
internal static class AccessServiceCollectionExtensions
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.TryAddSingleton<AccessPolicy>();
        services.TryAddSingleton<AccessTokenStore>();
        return services;
    }
}
