using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>The worker has ended (<c>410 worker-gone</c>): it never runs again; create a new one or restore a snapshot.</summary>
public sealed class WorkerGoneException(string type, string title, int status, string? detail, string? instance, JsonElement? problem)
    : UtilityProblemException(type, title, status, detail, instance, null, problem);
