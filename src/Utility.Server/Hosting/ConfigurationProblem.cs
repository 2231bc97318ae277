namespace ComputeUtility.Server.Hosting;

/// <summary>Settings the utility cannot start with, each said with what to fix.</summary>
internal sealed class ConfigurationProblem(IReadOnlyList<string> failures) : Exception(string.Join(Environment.NewLine, failures))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
