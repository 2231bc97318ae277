using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>No valid credential (<c>401 unauthorized</c>): a missing or wrong worker, snapshot or access token.</summary>
public sealed class UnauthorizedException(string type, string title, int status, string? detail, string? instance, JsonElement? problem)
    : UtilityProblemException(type, title, status, detail, instance, null, problem);
