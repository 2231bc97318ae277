using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>
/// An error answer of a utility: the problem details object (spec section 14, RFC 9457) it carried,
/// or one made from the status when the answer was not <c>application/problem+json</c>.
/// </summary>
/// <param name="type">The problem type URI.</param>
/// <param name="title">The problem's title.</param>
/// <param name="status">The HTTP status.</param>
/// <param name="detail">What went wrong this time.</param>
/// <param name="instance">The request path.</param>
/// <param name="retryAfter">The answer's <c>Retry-After</c>.</param>
/// <param name="problem">The whole problem object.</param>
public class UtilityProblemException(string type, string title, int status, string? detail, string? instance, TimeSpan? retryAfter = null, JsonElement? problem = null)
    : Exception($"{status} {title}" + (string.IsNullOrEmpty(detail) ? "" : ": " + detail))
{
    /// <summary>The prefix of every problem type of the standard.</summary>
    public const string TypePrefix = "urn:compute-utility:problem:";

    /// <summary>The problem type URI, e.g. <c>urn:compute-utility:problem:worker-gone</c>.</summary>
    public string Type { get; } = type;

    /// <summary>The problem's name: the part of <see cref="Type"/> after <see cref="TypePrefix"/> (e.g. <c>worker-gone</c>).</summary>
    public string Name => Type.StartsWith(TypePrefix, StringComparison.Ordinal) ? Type[TypePrefix.Length..] : Type;

    /// <summary>The title, the same for every occurrence of the type.</summary>
    public string Title { get; } = title;

    /// <summary>The HTTP status of the answer.</summary>
    public int Status { get; } = status;

    /// <summary>What went wrong this time and what to change.</summary>
    public string? Detail { get; } = detail;

    /// <summary>The request path.</summary>
    public string? Instance { get; } = instance;

    /// <summary>The answer's <c>Retry-After</c>, when it had one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The whole problem object, with extension members such as <c>limit</c> and <c>errors</c>; null when the answer had none.</summary>
    public JsonElement? Problem { get; } = problem;
}
