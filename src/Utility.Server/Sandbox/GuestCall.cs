using ComputeUtility.Server.Problems;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>Runs one call into a guest under its deadline (<see cref="GuestDeadline"/>) and turns every failure into a <see cref="GuestFault"/>.</summary>
internal static class GuestCall
{
    public static void Run(Store store, GuestContext context, int deadlineMs, string what, Action call)
    {
        context.Deadline.Arm(store, deadlineMs);
        try
        {
            call();
        }
        catch (Exception ex) when (ex is WasmtimeException or TrapException)
        {
            throw Classify(ex, context, deadlineMs, what);
        }
        finally
        {
            context.Deadline.Disarm();
        }
    }

    /// <summary>The fault of a call stopped at its deadline after running <paramref name="elapsed"/>.</summary>
    public static GuestFault DeadlineFault(TimeSpan elapsed, int deadlineMs, string what, Exception? inner = null) =>
        new(ProblemTypes.DeadlineExceeded,
            $"The guest ran {(long)elapsed.TotalMilliseconds} ms of its {deadlineMs} ms deadline during {what} and was stopped.", inner: inner);

    private static GuestFault Classify(Exception ex, GuestContext context, int deadlineMs, string what)
    {
        if (context.HostFault is { } hostFault)
        {
            return hostFault;
        }

        if (ex.InnerException is GuestStopped stopped)
        {
            return stopped.Elapsed is { } elapsed
                ? DeadlineFault(elapsed, deadlineMs, what, ex)
                : new GuestFault(ProblemTypes.DeadlineExceeded, $"The guest was stopped during {what}: it ended before the call returned.", inner: ex);
        }

        if (ex.InnerException is GuestExited exited)
        {
            return new GuestFault(ProblemTypes.GuestTrap, $"The guest called proc_exit({unchecked((uint)exited.Code)}) during {what}.", exited.Code, ex);
        }

        if (ex is WasmtimeException { ExitCode: { } code })
        {
            return new GuestFault(ProblemTypes.GuestTrap, $"The guest called proc_exit({code}) during {what}.", code, ex);
        }

        if (ex is TrapException trap)
        {
            return trap.Type switch
            {
                TrapCode.Interrupt => new GuestFault(ProblemTypes.DeadlineExceeded,
                    $"The guest ran past the {deadlineMs} ms deadline during {what} and was stopped.", inner: ex),
                TrapCode.StackOverflow => new GuestFault(ProblemTypes.GuestTrap,
                    $"The guest exhausted its stack during {what}.", inner: ex),
                _ => new GuestFault(ProblemTypes.GuestTrap, $"The guest trapped during {what}: {Describe(trap.Type)}.", inner: ex),
            };
        }

        return new GuestFault(ProblemTypes.GuestTrap, $"The guest failed during {what}: {FirstLine(ex.Message)}", inner: ex);
    }

    private static string Describe(TrapCode code) => code switch
    {
        TrapCode.Unreachable => "it executed an unreachable instruction (a panic or abort in the guest)",
        TrapCode.MemoryOutOfBounds => "out-of-bounds memory access",
        TrapCode.HeapMisaligned => "misaligned memory access",
        TrapCode.TableOutOfBounds => "out-of-bounds table access",
        TrapCode.IndirectCallToNull => "indirect call to a null function",
        TrapCode.BadSignature => "indirect call with the wrong signature",
        TrapCode.IntegerOverflow => "integer overflow",
        TrapCode.IntegerDivisionByZero => "integer division by zero",
        TrapCode.BadConversionToInteger => "invalid conversion to integer",
        TrapCode.AllocationTooLarge => "an allocation past its limit",
        _ => code.ToString(),
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
