namespace ComputeUtility.Server.Problems;

/// <summary>Thrown anywhere in request handling to answer with a problem of the registry.</summary>
internal sealed class ProblemException(ProblemType type, string detail, Exception? inner = null)
    : Exception(detail, inner)
{
    public ProblemType Type { get; } = type;

    /// <summary>Extension members added to the problem body (e.g. <c>limit</c>, <c>errors</c>).</summary>
    public Dictionary<string, object?> Extensions { get; } = [];

    /// <summary>Response headers the problem needs (e.g. <c>Upgrade</c> with 426), set after the response is cleared.</summary>
    public Dictionary<string, string> Headers { get; } = [];

    /// <summary>Seconds for a <c>Retry-After</c> header, when the condition is temporary.</summary>
    public int? RetryAfterSeconds { get; init; }

    public ProblemException With(string key, object? value)
    {
        Extensions[key] = value;
        return this;
    }
}
