using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Sandbox;

/// <summary>Why a guest call did not complete: a trap, a deadline, an ABI violation or <c>proc_exit</c>.</summary>
internal sealed class GuestFault(ProblemType type, string detail, int? exitCode = null, Exception? inner = null)
    : Exception(detail, inner), IProblemSource
{
    public ProblemType Type { get; } = type;

    /// <summary>Set when the guest called <c>proc_exit</c>.</summary>
    public int? ExitCode { get; } = exitCode;

    public ProblemException ToProblem() => new(Type, Message, this);
}
