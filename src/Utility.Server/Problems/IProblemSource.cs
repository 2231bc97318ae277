namespace ComputeUtility.Server.Problems;

/// <summary>
/// An exception of a lower-level piece (such as a guest's fault in the sandbox) that knows the problem it answers
/// with, so <see cref="ProblemMiddleware"/> can write it without knowing the piece.
/// </summary>
internal interface IProblemSource
{
    ProblemException ToProblem();
}
