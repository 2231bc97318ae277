using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>
/// The utility cannot take this now but may later (<c>429</c> or <c>503</c>: <c>rate-limited</c>,
/// <c>too-many-messages</c>, <c>too-many-streams</c>, <c>worker-limit-reached</c>, <c>shutting-down</c>):
/// wait <see cref="UtilityProblemException.RetryAfter"/> or go elsewhere.
/// </summary>
public sealed class UtilityBusyException(string type, string title, int status, string? detail, string? instance, TimeSpan? retryAfter, JsonElement? problem)
    : UtilityProblemException(type, title, status, detail, instance, retryAfter, problem);
