namespace ComputeUtility.Conformance.Checks;

/// <summary>Assertions that fail a check with a message a person can act on.</summary>
internal static class Ensure
{
    public static void That(bool condition, string message)
    {
        if (!condition)
        {
            throw new CheckFailed(message);
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new CheckFailed($"{what}: expected {expected}, got {actual}");
        }
    }

    public static Exception NotApplicable(string reason) => new CheckNotApplicable(reason);

    public static Exception NotTested(string reason) => new CheckNotTested(reason);
}
