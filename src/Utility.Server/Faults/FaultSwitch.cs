using ComputeUtility.Server.Logging;

namespace ComputeUtility.Server.Faults;

/// <summary>
/// Breaks one behaviour on purpose, for the tests that prove the conformance suite catches it.
/// Read from <c>Testing:Fault</c> only when the host environment is <c>Testing</c>; in any other
/// environment (Production included) the setting is ignored and nothing is broken.
/// </summary>
internal sealed partial class FaultSwitch
{
    public FaultSwitch(IHostEnvironment environment, IConfiguration configuration, ILogger<FaultSwitch> logger)
    {
        if (environment.IsEnvironment("Testing")
            && Enum.TryParse<Fault>(configuration["Testing:Fault"], ignoreCase: true, out var fault) && fault != Fault.None)
        {
            Active = fault;
            LogFault(logger, fault);
        }
    }

    public Fault Active { get; } = Fault.None;

    public bool Is(Fault fault) => Active == fault;

    [LoggerMessage(EventId = LogEvents.FaultActive, Level = LogLevel.Warning, Message = "TEST FAULT ACTIVE: {Fault}. This utility deliberately breaks the spec.")]
    private static partial void LogFault(ILogger logger, Fault fault);
}
