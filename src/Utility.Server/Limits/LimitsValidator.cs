using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Limits;

/// <summary>Rules between limits that attributes on single properties cannot express.</summary>
internal sealed class LimitsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var errors = new List<string>();
        if (options.EventBufferBytes < options.MaxMessageBytes)
        {
            errors.Add("Limits:EventBufferBytes must be at least Limits:MaxMessageBytes, or one reply could never be buffered.");
        }

        if (options.OrphanTimeoutSeconds > options.IdleTimeoutSeconds)
        {
            errors.Add("Limits:OrphanTimeoutSeconds must be at most Limits:IdleTimeoutSeconds; a worker that lost its page would idle out first.");
        }

        if (options.MessageDeadlineMs < options.EpochTickMs)
        {
            errors.Add("Limits:MessageDeadlineMs must be at least Limits:EpochTickMs, the granularity deadlines are measured in.");
        }

        if (options.TaskDeadlineMs < options.EpochTickMs)
        {
            errors.Add("Limits:TaskDeadlineMs must be at least Limits:EpochTickMs.");
        }

        if (options.MaxUpgradedConnections > options.MaxConnections)
        {
            errors.Add("Limits:MaxUpgradedConnections must be at most Limits:MaxConnections; WebSocket channels are connections too.");
        }

        if (options.MaxUpgradedConnections < options.MaxWorkers)
        {
            errors.Add("Limits:MaxUpgradedConnections must be at least Limits:MaxWorkers, or some workers could never open a channel.");
        }

        if (options.MaxConnectionsPerClient > options.MaxConnections)
        {
            errors.Add("Limits:MaxConnectionsPerClient must be at most Limits:MaxConnections.");
        }

        if (options.MaxEventStreamsPerClient >= options.MaxConnectionsPerClient)
        {
            errors.Add("Limits:MaxEventStreamsPerClient must be less than Limits:MaxConnectionsPerClient: each stream holds a connection, "
                + "and a client with all its streams open still needs one to send its messages.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
