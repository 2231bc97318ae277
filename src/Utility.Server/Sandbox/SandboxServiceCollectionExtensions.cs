using ComputeUtility.Server.Limits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Sandbox;

/// <summary>Registers the Wasmtime engine, the compiled-module cache, the epoch ticker and the guest thread pool.</summary>
internal static class SandboxServiceCollectionExtensions
{
    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<LimitsOptions>, InstancePoolValidator>();
        services.TryAddSingleton<WasmRuntime>();
        services.TryAddSingleton<ModuleCache>();
        services.AddHostedService<EpochTicker>();
        services.TryAddSingleton<GuestThreads>();
        return services;
    }
}
