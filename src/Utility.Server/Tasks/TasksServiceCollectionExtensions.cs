using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComputeUtility.Server.Tasks;

/// <summary>Registers the slots one-shot tasks run in (section 10).</summary>
internal static class TasksServiceCollectionExtensions
{
    public static IServiceCollection AddTasks(this IServiceCollection services)
    {
        services.TryAddSingleton<TaskSlots>();
        return services;
    }
}
