using ComputeUtility.Server.Limits;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Sandbox;

/// <summary>With pooled instances on, the pool the limits ask for must fit in the address space (checked at start).</summary>
internal sealed class InstancePoolValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        if (!options.PooledInstances || InstancePool.ReservedBytes(options) <= InstancePool.MaxReservedBytes)
        {
            return ValidateOptionsResult.Success;
        }

        var maxSlots = InstancePool.MaxReservedBytes / InstancePool.ReservedBytesPerSlot;
        return ValidateOptionsResult.Fail(
            $"Limits:PooledInstances reserves {InstancePool.ReservedBytesPerSlot >> 30} GiB of address space for each of Limits:MaxWorkers + "
            + $"Limits:MaxConcurrentTasks + {InstancePool.Headroom} guests ({InstancePool.Slots(options)}), more than the "
            + $"{InstancePool.MaxReservedBytes >> 40} TiB the pool may take: at most {maxSlots - InstancePool.Headroom} workers and tasks "
            + "together, or turn pooled instances off.");
    }
}
