namespace ComputeUtility.Server.Problems;

/// <summary>A problem type of the spec's registry: a stable URI, its HTTP status and a short title.</summary>
public sealed record ProblemType(string Name, int Status, string Title)
{
    /// <summary>The prefix every problem type URI of the standard starts with.</summary>
    public const string UriPrefix = "urn:compute-utility:problem:";

    /// <summary>The stable URI clients compare against.</summary>
    public string Uri => UriPrefix + Name;
}
